/** The JSON API with the session cookie; a missing or expired session sends the browser to /login. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: Record<string, unknown> | null,
  ) {
    super(detail);
  }
}

export const toLogin = () => {
  const next = location.pathname + location.search;
  location.replace(`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
};

export const api = async <T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> => {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network', null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  // The public booking page has no staff session to go back to: its 401 is the client's own token.
  // A wrong sign-in is the login page's own answer; any other 401 (a password change included) is a
  // session that ended.
  const signingIn = path === '/api/auth/login' || path === '/api/auth/logout';
  if (response.status === 401 && !signingIn && !path.startsWith('/api/public/')) {
    toLogin();
  }
  if (!response.ok) {
    const problem = (body ?? {}) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      typeof problem.code === 'string' ? problem.code : 'UNKNOWN',
      typeof problem.detail === 'string' ? problem.detail : response.statusText,
      problem,
    );
  }
  return body as T;
};

/** A refusal in the panel's language: the code's text, or the server's own words for codes we don't know. */
export const problemText = (error: unknown, errors: Record<string, string>): string => {
  if (error instanceof ApiError) return errors[error.code] ?? (error.detail || errors.UNKNOWN!);
  return errors.UNKNOWN!;
};

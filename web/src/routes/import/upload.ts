import { ApiError, toLogin } from '../../lib/api';

/** What the import routes take besides the file itself (see api/routes/import.ts). */
export type FileQuery = {
  fileName: string;
  sheet?: string;
  mapping?: string;
  branchId?: string;
  /** The diary import's answers: works → service id (JSON), rows booked anyway (JSON). */
  services?: string;
  placeAnyway?: string;
};

export type UploadOptions = {
  /** Share of the body sent so far, 0 to 1; 1 once the server has it all and is working. */
  onUpload?: (fraction: number) => void;
  responseType?: 'json' | 'blob';
};

const queryOf = (query: FileQuery) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  return search.toString();
};

const problemOf = async (xhr: XMLHttpRequest): Promise<ApiError> => {
  const raw: unknown = xhr.response;
  let body: Record<string, unknown> | null = null;
  try {
    const text = raw instanceof Blob ? await raw.text() : typeof raw === 'string' ? raw : '';
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  return new ApiError(
    xhr.status,
    typeof body?.code === 'string' ? body.code : 'UNKNOWN',
    typeof body?.detail === 'string' ? body.detail : xhr.statusText,
    body,
  );
};

/**
 * Sends a file as the raw request body. XMLHttpRequest rather than fetch because only it reports
 * upload progress; the session cookie goes along as with every other API call.
 */
export const sendFile = <T>(path: string, file: Blob, query: FileQuery, options: UploadOptions = {}): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${path}?${queryOf(query)}`);
    xhr.responseType = options.responseType === 'blob' ? 'blob' : 'text';
    xhr.setRequestHeader('accept', options.responseType === 'blob' ? 'text/csv' : 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onUpload?.(event.loaded / event.total);
    };
    xhr.upload.onload = () => options.onUpload?.(1);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network', null));
    xhr.onload = async () => {
      if (xhr.status === 401) toLogin();
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(await problemOf(xhr));
        return;
      }
      if (options.responseType === 'blob') {
        resolve(xhr.response as T);
        return;
      }
      try {
        resolve(JSON.parse(xhr.responseText) as T);
      } catch {
        reject(new ApiError(xhr.status, 'UNKNOWN', 'not JSON', null));
      }
    };
    xhr.send(file);
  });

/** Hands a downloaded blob to the browser as a file. */
export const saveBlob = (blob: Blob, name: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

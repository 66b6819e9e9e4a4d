import aws4 from 'aws4';
import type { PhotoStorage } from './photo-storage.ts';

/** An S3-compatible bucket (MinIO, Yandex Object Storage, …); PHOTOS_S3_* in the environment. */
export type PhotoS3Config = {
  /** The service's URL, e.g. http://127.0.0.1:9000; buckets are addressed path-style, as MinIO needs. */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Put before every key, ending in `/` (or empty), so one bucket can serve several installations. */
  prefix: string;
};

/** A storage that hangs fails the mechanic's upload in seconds rather than holding it open. */
const TIMEOUT_MS = 15_000;

/** The provider's error code (`NoSuchKey`, `AccessDenied`…) says what went wrong without echoing a body. */
const errorCodeOf = async (response: Response): Promise<string | null> => {
  const text = await response.text().catch(() => '');
  return /<Code>([A-Za-z]{1,64})<\/Code>/.exec(text)?.[1] ?? null;
};

/**
 * Sealed photos as objects in a bucket: PUT and GET over fetch, signed with AWS Signature Version 4
 * by aws4 — two calls do not need the whole AWS SDK. A failure names its status and code, never a body.
 */
export const createS3PhotoStorage = (config: PhotoS3Config): PhotoStorage => {
  const endpoint = new URL(config.endpoint);
  const basePath = endpoint.pathname.replace(/\/+$/, '');
  const credentials = { accessKeyId: config.accessKey, secretAccessKey: config.secretKey };

  const send = async (method: 'PUT' | 'GET', key: string, body?: Buffer): Promise<Response> => {
    const objectPath = `${basePath}/${config.bucket}/${`${config.prefix}${key}`.split('/').map(encodeURIComponent).join('/')}`;
    const signed = aws4.sign(
      {
        method,
        host: endpoint.host,
        path: objectPath,
        service: 's3',
        region: config.region,
        body,
        headers: body ? { 'Content-Type': 'application/octet-stream' } : {},
      },
      credentials,
    );
    // fetch sets Host and Content-Length itself, to the same values aws4 signed.
    const headers = Object.fromEntries(
      Object.entries(signed.headers ?? {})
        .filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))
        .map(([name, value]) => [name, String(value)]),
    );
    try {
      return await fetch(new URL(objectPath, endpoint), { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new Error(`The photo storage did not answer a ${method}`, { cause: error });
    }
  };

  const refusal = async (method: string, response: Response) => {
    const code = await errorCodeOf(response);
    return new Error(`The photo storage answered ${response.status}${code ? ` ${code}` : ''} to a ${method}`);
  };

  return {
    put: async (key, sealed) => {
      const response = await send('PUT', key, sealed);
      if (!response.ok) throw await refusal('PUT', response);
      await response.body?.cancel();
    },

    get: async (key) => {
      const response = await send('GET', key);
      if (response.ok) return Buffer.from(await response.arrayBuffer());
      // A missing bucket is a wrong setting, not a missing photo: said, not read as "no photo".
      if (response.status === 404) {
        if ((await errorCodeOf(response)) === 'NoSuchBucket')
          throw new Error('The photo storage answered 404 NoSuchBucket to a GET');
        return null;
      }
      throw await refusal('GET', response);
    },
  };
};

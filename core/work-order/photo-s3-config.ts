import type { PhotoS3Config } from './photo-s3.ts';

const REQUIRED = ['PHOTOS_S3_ENDPOINT', 'PHOTOS_S3_BUCKET', 'PHOTOS_S3_ACCESS_KEY', 'PHOTOS_S3_SECRET_KEY'] as const;
const OPTIONAL = ['PHOTOS_S3_REGION', 'PHOTOS_S3_PREFIX'] as const;

/** Segments a URL keeps as they are: a `.` or `..` would be folded away after signing. */
const PREFIX = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * Photos in S3 from the environment: on only when PHOTOS_S3_ENDPOINT, _BUCKET, _ACCESS_KEY and
 * _SECRET_KEY are all set. Some of them (or only the region or prefix) is a half-made setting that
 * would quietly leave photos on the disk, so it stops the start, naming what is missing.
 */
export const photoS3ConfigOf = (env: Record<string, string | undefined>): PhotoS3Config | null => {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length === REQUIRED.length && OPTIONAL.every((name) => !env[name])) return null;
  if (missing.length > 0) throw new Error(`${REQUIRED.join(', ')} go together; missing: ${missing.join(', ')}`);
  const endpoint = env.PHOTOS_S3_ENDPOINT!.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(endpoint)) {
    throw new Error('PHOTOS_S3_ENDPOINT must be an http(s) URL, e.g. http://127.0.0.1:9000');
  }
  const bucket = env.PHOTOS_S3_BUCKET!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error('PHOTOS_S3_BUCKET must be a bucket name: 3–63 characters of a–z, 0–9, . and -');
  }
  const region = env.PHOTOS_S3_REGION || 'us-east-1';
  if (!/^[a-z0-9-]{1,32}$/.test(region)) throw new Error('PHOTOS_S3_REGION must look like us-east-1 or ru-central1');
  const prefix = (env.PHOTOS_S3_PREFIX ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix && !PREFIX.test(prefix)) {
    throw new Error('PHOTOS_S3_PREFIX must be folder names of A–Z, a–z, 0–9, ., _ and - separated by /');
  }
  return {
    endpoint,
    bucket,
    accessKey: env.PHOTOS_S3_ACCESS_KEY!,
    secretKey: env.PHOTOS_S3_SECRET_KEY!,
    region,
    prefix: prefix ? `${prefix}/` : '',
  };
};

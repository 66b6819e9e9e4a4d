import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';

const S3 = {
  PHOTOS_S3_ENDPOINT: 'http://127.0.0.1:9000/',
  PHOTOS_S3_BUCKET: 'zero-photos',
  PHOTOS_S3_ACCESS_KEY: 'minio-user',
  PHOTOS_S3_SECRET_KEY: 'minio-secret-key',
};

describe('Photos in S3 configuration', () => {
  it('keeps photos in files when no PHOTOS_S3_* is set', () => {
    expect(loadConfig({}).photosS3).toBeNull();
  });

  it('takes the bucket with the default region and no prefix', () => {
    expect(loadConfig(S3).photosS3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'zero-photos',
      accessKey: 'minio-user',
      secretKey: 'minio-secret-key',
      region: 'us-east-1',
      prefix: '',
    });
  });

  it('takes a region and a prefix', () => {
    const config = loadConfig({ ...S3, PHOTOS_S3_REGION: 'ru-central1', PHOTOS_S3_PREFIX: '/station-1/photos/' }).photosS3;

    expect(config).toMatchObject({ region: 'ru-central1', prefix: 'station-1/photos/' });
  });

  it('refuses a partial set at start, naming what is missing and never the secret', () => {
    const start = () => loadConfig({ PHOTOS_S3_ENDPOINT: S3.PHOTOS_S3_ENDPOINT, PHOTOS_S3_SECRET_KEY: S3.PHOTOS_S3_SECRET_KEY });

    expect(start).toThrow(/missing: PHOTOS_S3_BUCKET, PHOTOS_S3_ACCESS_KEY$/);
    expect(start).not.toThrow(/minio-secret-key/);
  });

  it('refuses a region or prefix without the bucket', () => {
    expect(() => loadConfig({ PHOTOS_S3_PREFIX: 'photos' })).toThrow(/missing: PHOTOS_S3_ENDPOINT, PHOTOS_S3_BUCKET/);
  });

  it.each([
    [{ PHOTOS_S3_ENDPOINT: '127.0.0.1:9000' }, /PHOTOS_S3_ENDPOINT/],
    [{ PHOTOS_S3_BUCKET: 'Zero_Photos' }, /PHOTOS_S3_BUCKET/],
    [{ PHOTOS_S3_REGION: 'RU central' }, /PHOTOS_S3_REGION/],
    [{ PHOTOS_S3_PREFIX: 'photos/../other' }, /PHOTOS_S3_PREFIX/],
  ])('refuses %o', (wrong, message) => {
    expect(() => loadConfig({ ...S3, ...wrong })).toThrow(message);
  });
});

import { PHOTO_LIMIT_BYTES } from '../domain/work-order/photo.ts';
import { obj, uuid, uuids } from './shared.ts';

// ---- POST /api/work-orders/:id/photos
export const photoUploadBody = {
  description: `The photo itself as the request body: JPEG, PNG or WebP, up to ${PHOTO_LIMIT_BYTES / 1024 / 1024} MB`,
} as const;
export const uploadedPhoto = obj({ photoId: uuid });

// ---- GET /api/work-orders/:id/photos/:photoId
export const photoParams = obj({ id: uuid, photoId: uuid });

// ---- POST /api/work-orders/:id/findings
export const addFindingBody = obj({ note: { type: 'string', maxLength: 2000 }, photoIds: { ...uuids, maxItems: 20 } }, []);

// ---- POST /api/work-orders/:id/approval-requests (no lines: the whole estimate)
export const approvalRequestBody = obj(
  { lineIds: { ...uuids, minItems: 1, maxItems: 200 }, findingIds: { ...uuids, maxItems: 20 } },
  [],
);

import type { ErrorBodyReader } from '../transport/errorBody';

/** Marks an error answered by the catalog itself (Iceberg's error model), not by whatever serves a path it lacks. */
export const ICEBERG_ERROR_MODEL = 'iceberg';

/** Iceberg's error model, `{error: {message, type, code}}`: the answer of one of the catalog's own routes. */
export const readIcebergErrorBody: ErrorBodyReader = (body) => {
  const error = body['error'];
  return error && typeof error === 'object' && !Array.isArray(error) ? { data: { errorModel: ICEBERG_ERROR_MODEL } } : undefined;
};

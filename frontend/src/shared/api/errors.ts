/** One field's problem, keyed in ApiError.fields by a JSON pointer into the submitted data. */
export interface FieldError {
  code: string;
  message: string;
}

/** The server's error body: {"error": {status, code, message, fields}}. */
export interface ErrorBody {
  error: {
    status: number;
    code: string;
    message: string;
    fields?: Record<string, FieldError>;
  };
}

/** Codes the client produces itself, when no server error body is available. */
export const NETWORK_ERROR = 'network_error';
export const BAD_RESPONSE = 'bad_response';

/**
 * ApiError is what every failed API call rejects with. `status` is the HTTP status
 * (0 when the server could not be reached), `code` a stable word to branch on, and
 * `message` is already in the language the request asked for.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, FieldError>;
  /** Seconds from a Retry-After header (429 too_many_attempts), when present. */
  readonly retryAfter?: number;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: Record<string, FieldError> = {},
    retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }

  /** Whether the server reported problems with individual input fields. */
  hasFieldErrors(): boolean {
    return Object.keys(this.fields).length > 0;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseFields(raw: unknown): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  if (!isRecord(raw)) return out;
  for (const [pointer, v] of Object.entries(raw)) {
    if (isRecord(v) && typeof v.message === 'string') {
      out[pointer] = { code: typeof v.code === 'string' ? v.code : '', message: v.message };
    } else if (typeof v === 'string') {
      out[pointer] = { code: '', message: v };
    }
  }
  return out;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header.trim());
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * errorFromResponse builds an ApiError from a failed response and its parsed body
 * (undefined when the body was not JSON). Bodies that are not the server's error shape,
 * such as a proxy's HTML page, still give a usable error with the HTTP status.
 */
export function errorFromResponse(res: Response, body: unknown, fallbackMessage: string): ApiError {
  return errorFromBody(res.status, body, fallbackMessage, parseRetryAfter(res.headers.get('Retry-After')));
}

/**
 * errorFromBody builds an ApiError from a body in the server's error shape, also one that
 * came inside a successful answer (the record check's {"valid": false, "error": …}).
 */
export function errorFromBody(status: number, body: unknown, fallbackMessage: string, retryAfter?: number): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    return new ApiError(
      typeof e.status === 'number' ? e.status : status,
      typeof e.code === 'string' && e.code !== '' ? e.code : `http_${status}`,
      typeof e.message === 'string' && e.message !== '' ? e.message : fallbackMessage,
      parseFields(e.fields),
      retryAfter,
    );
  }
  return new ApiError(status, `http_${status}`, fallbackMessage, {}, retryAfter);
}

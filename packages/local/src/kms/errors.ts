/** The KMS errors this emulator answers with, and the HTTP status KMS gives each. */
const statusOf = {
  NotFoundException: 404,
  DisabledException: 409,
  InvalidCiphertextException: 400,
  IncorrectKeyException: 400,
  InvalidKeyUsageException: 400,
  InvalidMarkerException: 400,
  AlreadyExistsException: 409,
  InvalidAliasNameException: 400,
  UnsupportedOperationException: 400,
  DryRunOperationException: 412,
  KMSInvalidStateException: 409,
  ValidationException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  KMSInternalException: 500,
} as const;

export type KmsErrorCode = keyof typeof statusOf;

/** A KMS protocol error: answered as `{"__type": code, "message": ...}`, which the SDK maps to its class. */
export class KmsError extends Error {
  readonly status: number;

  constructor(
    readonly code: KmsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.status = statusOf[code];
  }
}

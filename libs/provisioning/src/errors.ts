// Why a start or stop did not happen, as values. Every failure a caller can see is one of these.

/** What went wrong provisioning a game server. */
export type ProvisionError =
  | { readonly kind: 'disabled'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'limit'; readonly message: string }
  | { readonly kind: 'launch_failed'; readonly message: string }
  | { readonly kind: 'no_capacity'; readonly message: string }
  | { readonly kind: 'exited'; readonly message: string }
  | { readonly kind: 'startup_timeout'; readonly message: string }
  | { readonly kind: 'stopped'; readonly message: string }
  | { readonly kind: 'not_found'; readonly message: string }
  | { readonly kind: 'closed'; readonly message: string };

/** One of {@link ProvisionError}'s kinds. */
export type ProvisionErrorKind = ProvisionError['kind'];

/** Builds a {@link ProvisionError}. */
export function provisionError(kind: ProvisionErrorKind, message: string): ProvisionError {
  return { kind, message };
}

/** `kind: message`, for a log line. */
export function describeProvisionError(error: ProvisionError): string {
  return `${error.kind}: ${error.message}`;
}

/**
 * The whole outgoing request as the transport is about to send it. Auth providers see and may change it
 * (add or replace headers). `url` is the exact URL that goes on the wire: its `pathname` and `search` are
 * already percent-encoded the way they will be sent, so a signer must sign exactly these bytes.
 */
export interface OutgoingRequest {
  method: string;
  url: URL;
  /** Header names are lower-case. */
  headers: Record<string, string>;
  /** Buffered body bytes (never a stream), or undefined for no body. */
  body?: Uint8Array;
}

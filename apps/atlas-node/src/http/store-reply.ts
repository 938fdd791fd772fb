/** The HTTP answer for a cluster store error on the registration API. */
import { describeClusterError, type ClusterError } from '@atlas/cluster';
import { apiError, type HttpReply } from './reply';

/** 409 region conflict, 400 invalid, 404 register again, 503 unreachable, else 500. */
export function storeFailure(error: ClusterError): HttpReply {
  const message = describeClusterError(error);
  switch (error.kind) {
    case 'region_conflict':
      return apiError(409, message);
    case 'invalid':
      return apiError(400, message);
    case 'not_found':
      return apiError(404, `${message}: register again`);
    case 'unavailable':
    case 'closed':
      return apiError(503, message, [], { 'Retry-After': '1' });
    default:
      return apiError(500, message);
  }
}

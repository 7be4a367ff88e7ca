/** Device tokens are stored hashed; the pure hash lives in server/common/ (the store seeds demo tokens with it). */
export { hashDeviceToken } from '../common/device-token.ts';

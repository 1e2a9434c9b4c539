export { identifyHash } from './verify.ts';

export { FreezeBanner } from './FreezeBanner';
export { FreezeChip } from './FreezeChip';

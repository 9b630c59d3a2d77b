import type { Control } from '../../model.ts';

export const awsControls: readonly Control[] = [];

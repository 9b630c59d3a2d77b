import type { Control } from '../../model.ts';

export const githubPrControls: readonly Control[] = [];

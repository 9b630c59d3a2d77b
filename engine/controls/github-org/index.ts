import type { Control } from '../../model.ts';

export const githubOrgControls: readonly Control[] = [];

/**
 * The control catalog: every control Evident runs, listed explicitly (STYLE.md 2).
 * A control's id equals its file name; a test checks both.
 */
import type { Control } from '../model.ts';
import { awsControls } from './aws/index.ts';
import { githubOrgControls } from './github-org/index.ts';
import { githubPrControls } from './github-pr/index.ts';
import { oktaControls } from './okta/index.ts';

export const catalog: readonly Control[] = [...githubPrControls, ...githubOrgControls, ...oktaControls, ...awsControls];

export function findControl(id: string): Control | undefined {
  return catalog.find((control) => control.id === id);
}

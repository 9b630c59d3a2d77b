import type { Control } from '../../model.ts';
import { control as oktaMfaEnrolled } from './okta-mfa-enrolled.ts';

export const oktaControls: readonly Control[] = [oktaMfaEnrolled];

import { defineFramework } from './define-framework.ts';

export const iso27001 = defineFramework({ id: 'iso27001', name: 'ISO/IEC 27001:2022', labelPrefix: 'iso27001', criteria: [{ id: 'A.8.5', title: 'Secure authentication', controls: ['okta-mfa-enrolled'] }], aliases: {} });

import { defineFramework } from './define-framework.ts';

export const soc2 = defineFramework({ id: 'soc2', name: 'SOC 2', labelPrefix: 'soc2', criteria: [{ id: 'CC6.1', title: 'Logical access security', controls: ['okta-mfa-enrolled'] }], aliases: {} });

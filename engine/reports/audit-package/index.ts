/** The auditor's evidence package (`evident package`): see build-audit-package.ts for its layout. */
export { assembleAuditPackage, buildAuditPackage, PACKAGE_FILES, recordPath, type AuditPackage, type AuditPackageInput, type WrittenAuditPackage } from './build-audit-package.ts';
export { alertHistoryCsv, ALERT_HISTORY_HEADER } from './alert-history.ts';
export { buildManifest, manifestSignedBytes, MANIFEST_FILE, PackageManifest, type PackageFile } from './manifest.ts';
export { buildAssessmentResults, EVIDENT_OSCAL_NS, OSCAL_VERSION, oscalControlId } from './oscal-assessment-results.ts';
export { AssessmentResultsDocument } from './oscal-schema.ts';
export { packagePeriod, type PackagePeriod } from './package-period.ts';
export { formatPassRate, passRate, summarizePackage, type ControlSummary, type CriterionSummary, type PackageSummary, type TestCounts } from './package-summary.ts';
export { cyclesInPeriod, slaOutcome, summarizeRemediation, type RemediationSummary } from './remediation-summary.ts';
export { csvDocument, csvField } from './rfc4180.ts';
export { selectControls, type ControlSelection, type SelectedCriterion } from './select-controls.ts';
export { verifyAuditPackage, type AuditPackageVerification } from './verify-audit-package.ts';
export { zipFileName, zipPackage } from './zip-package.ts';

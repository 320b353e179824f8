import type { Migration } from './types.ts';

/**
 * What failed in a failed verification (issue 18): the mismatches read from its test results when it was published
 * (domain/verifications/failures.ts), as JSON, so answers never parse test results. Null for a success, and for
 * results published before this column existed (their answers say only that the verification failed).
 */
const migration: Migration = {
  id: 9,
  name: 'verification failures',
  up: () => ['ALTER TABLE verifications ADD COLUMN failures TEXT'],
  down: () => ['ALTER TABLE verifications DROP COLUMN failures'],
};
export default migration;

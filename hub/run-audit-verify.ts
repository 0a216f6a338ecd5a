import { formatChainReport } from '../gateway/audit/format-chain-report.ts';
import { verifyAuditChain } from '../gateway/audit/verify-audit-chain.ts';
import type { HubConfig } from './config.ts';
import { openHubDatabase } from './open-hub-database.ts';

/** `npm run audit:verify`: walks the audit chain and reports the first broken link; exit code 1 when broken. */
export async function runAuditVerify(config: HubConfig): Promise<number> {
  const database = await openHubDatabase(config, { migrate: false });
  try {
    const showProgress = process.stderr.isTTY === true;
    const report = await verifyAuditChain(database.db, {
      onProgress: showProgress ? (checked) => process.stderr.write(`\rchecked ${checked.toLocaleString('en')} entries`) : undefined,
    });
    if (showProgress) process.stderr.write('\n');
    process.stdout.write(`${formatChainReport(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

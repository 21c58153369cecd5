// What `npm audit --json` says about the production dependencies, as a verdict for CI: fail on any high or
// critical advisory. A registry that does not serve the advisory endpoint (a mirror answers 4xx) cannot
// answer at all: that is "not checked", said loudly, and does not fail the run, because it says nothing
// about our dependencies; any other failure does.

export interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string; range?: string }>;
  statusCode?: number;
  message?: string;
}

export interface AuditVerdict {
  exitCode: 0 | 1;
  text: string;
}

/** URLs are left out of what is printed: the registry's address is the machine's business. */
const withoutUrls = (text: string) => text.replace(/\b[a-z]+:\/\/\S+/gi, "<registry>");

export function judgeAudit(report: AuditReport): AuditVerdict {
  const counts = report.metadata?.vulnerabilities;
  if (counts === undefined) {
    const status = report.statusCode;
    const why = withoutUrls(report.message ?? "no report");
    if (status !== undefined && status >= 400 && status < 500)
      return {
        exitCode: 0,
        text: `npm audit: NOT CHECKED: the registry does not serve security advisories (HTTP ${status}: ${why}). Run \`npm run audit\` where the public registry is reachable.`,
      };
    return { exitCode: 1, text: `npm audit failed (${status ?? "no status"}): ${why}` };
  }
  const serious = (counts.high ?? 0) + (counts.critical ?? 0);
  if (serious > 0) {
    const names = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === "high" || v.severity === "critical")
      .map(([name, v]) => `  ${name} (${v.severity}${v.range ? `, ${v.range}` : ""})`)
      .sort();
    return {
      exitCode: 1,
      text: [`npm audit: ${serious} high or critical advisories in production dependencies:`, ...names].join(
        "\n",
      ),
    };
  }
  const summary = Object.entries(counts)
    .filter(([k]) => k !== "total")
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  return {
    exitCode: 0,
    text: `npm audit: no high or critical advisories in production dependencies (${summary}).`,
  };
}

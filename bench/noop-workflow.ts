// The baseline of bench/registrations.ts: a workflow that does nothing, to measure the server alone.
export async function noopWorkflow(): Promise<void> {}

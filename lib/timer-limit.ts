/**
 * The longest one Node timer waits: 2³¹ − 1 ms (about 24.8 days). A longer `setTimeout` fires after
 * 1 ms with a TimeoutOverflowWarning, so every duration the runbook takes is checked against it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

package io.homeostat.executor.service;

import io.homeostat.runtime.store.LedgerEntry;

/** Where the runner records each cloud call: once before it is made, completed once it returned or failed. */
public interface CallLedger {

    /** A call recorded as {@link LedgerEntry#CALLING}, waiting for its outcome. */
    interface Recorded {
        void complete(LedgerEntry outcome);
    }

    /** Records {@code calling} durably before the call is made; throws if it cannot (then the call is not made). */
    Recorded begin(LedgerEntry calling);

    /** Keeps nothing: for dry runs and tests that do not look at the ledger. */
    CallLedger NONE = calling -> outcome -> { };
}

package io.homeostat.runtime.store;

import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import java.util.List;

/** The plan as kept on the incident. */
public record StoredPlan(String planId, PlanReady.Strategy strategy, List<PlannedAction> actions) {}

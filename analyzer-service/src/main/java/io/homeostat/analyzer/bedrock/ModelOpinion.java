package io.homeostat.analyzer.bedrock;

import io.homeostat.model.events.Classification.Kind;

/** A model's answer after it passed {@link OpinionParser}: nothing else can reach the merge. */
public record ModelOpinion(Kind kind, int severity, double confidence, String rationale) {}

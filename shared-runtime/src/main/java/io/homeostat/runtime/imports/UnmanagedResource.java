package io.homeostat.runtime.imports;

/** A live resource no phase declares. Its name comes from the cloud: untrusted text wherever it is shown. */
public record UnmanagedResource(String type, String region, String name) {}

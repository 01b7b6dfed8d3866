package io.homeostat.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kustomize base: per service the full set of objects, consistent with the service's own configuration. */
class K8sBaseTest {

    private static List<HasMetadata> base;
    private static Map<String, Integer> ports;

    @BeforeAll
    static void load() {
        base = Manifests.objects(Repo.k8s().resolve("base"));
        ports = Repo.ports();
    }

    @Test
    void everyManifestParsesWithApiVersionKindAndName() {
        List<Manifests.Doc> docs = Manifests.all();
        assertFalse(docs.isEmpty(), "no manifests under deploy/k8s");
        for (Manifests.Doc d : docs) {
            assertNotNull(d.raw().get("apiVersion"), d.where() + ": no apiVersion");
            assertNotNull(d.kind(), d.where() + ": no kind");
            if (!"Kustomization".equals(d.kind())) {
                HasMetadata o = (HasMetadata) d.resource();
                assertNotNull(o.getMetadata(), d.where() + ": no metadata");
                assertNotNull(o.getMetadata().getName(), d.where() + ": no name");
            }
        }
    }

    @Test
    void builtInKindsParseAsTypedModelsAndCustomOnesAsGeneric() {
        for (HasMetadata o : base) {
            switch (o.getKind()) {
                case "Deployment" -> assertTrue(o instanceof Deployment, name(o));
                case "Service" -> assertTrue(o instanceof Service, name(o));
                case "ServiceAccount" -> assertTrue(o instanceof ServiceAccount, name(o));
                case "PodDisruptionBudget" -> assertTrue(o instanceof PodDisruptionBudget, name(o));
                case "ConfigMap" -> assertTrue(o instanceof ConfigMap, name(o));
                case "ScaledObject", "ServiceMonitor", "TriggerAuthentication" ->
                        assertTrue(o instanceof GenericKubernetesResource, name(o));
                default -> throw new AssertionError("unexpected kind in the base: " + name(o));
            }
        }
    }

    @Test
    void exactlyOneOfEachKindPerServiceAndNoOtherService() {
        Set<String> expected = Repo.SERVICES.stream().map(s -> "homeostat-" + s).collect(Collectors.toCollection(TreeSet::new));
        for (String kind : List.of("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "ScaledObject", "ServiceMonitor")) {
            List<String> names = base.stream().filter(o -> o.getKind().equals(kind)).map(o -> o.getMetadata().getName()).sorted().toList();
            assertEquals(List.copyOf(expected), names, kind + " objects");
        }
    }

    @Test
    void serviceAccountsCarryTheirIrsaRole() {
        for (String s : Repo.SERVICES) {
            ServiceAccount sa = find(ServiceAccount.class, "homeostat-" + s);
            String arn = sa.getMetadata().getAnnotations() == null ? null
                    : sa.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
            assertNotNull(arn, s + ": no eks.amazonaws.com/role-arn annotation");
            assertTrue(arn.matches("arn:aws:iam::\\d{12}:role/homeostat-" + s), s + ": role ARN " + arn);
        }
    }

    @Test
    void deploymentsRunTheServiceOnItsPortWithProbesResourcesAndItsServiceAccount() {
        for (String s : Repo.SERVICES) {
            int port = ports.get(s);
            Deployment d = find(Deployment.class, "homeostat-" + s);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertEquals("homeostat-" + s, pod.getServiceAccountName(), s + ": serviceAccountName");
            assertEquals(d.getSpec().getSelector().getMatchLabels().entrySet().stream()
                            .filter(e -> !d.getSpec().getTemplate().getMetadata().getLabels().containsKey(e.getKey())
                                    || !d.getSpec().getTemplate().getMetadata().getLabels().get(e.getKey()).equals(e.getValue()))
                            .toList(), List.of(), s + ": selector does not match the pod labels");
            assertEquals(1, pod.getContainers().size(), s + ": containers");
            Container c = pod.getContainers().get(0);
            assertEquals(s, c.getName());
            assertTrue(c.getImage().startsWith("homeostat/" + s + ":"), s + ": image " + c.getImage()
                    + " (must be homeostat/<service>:<tag> so the overlay's images: can override it)");
            assertEquals(List.of(port), c.getPorts().stream().map(p -> p.getContainerPort()).toList(), s + ": container ports");
            assertEquals("http", c.getPorts().get(0).getName(), s + ": port name (the Service and ServiceMonitor use it)");
            assertTrue(c.getAdditionalProperties().isEmpty(), s + ": unknown container fields " + c.getAdditionalProperties());

            assertProbe(s, "liveness", c.getLivenessProbe(), "/q/health/live", port);
            assertProbe(s, "readiness", c.getReadinessProbe(), "/q/health/ready", port);
            if (c.getStartupProbe() != null) {
                assertProbe(s, "startup", c.getStartupProbe(), "/q/health/live", port);
            }

            Map<String, Quantity> req = c.getResources().getRequests();
            Map<String, Quantity> lim = c.getResources().getLimits();
            for (String r : List.of("cpu", "memory")) {
                assertNotNull(req == null ? null : req.get(r), s + ": no " + r + " request");
                assertNotNull(lim == null ? null : lim.get(r), s + ": no " + r + " limit");
                assertTrue(Quantity.getAmountInBytes(req.get(r)).compareTo(Quantity.getAmountInBytes(lim.get(r))) <= 0,
                        s + ": " + r + " request above its limit");
            }
            // The image runs java directly (no shell, no run-java.sh): the launcher reads its options from JDK_JAVA_OPTIONS.
            String javaOpts = env(c, "JDK_JAVA_OPTIONS");
            assertTrue(javaOpts != null && javaOpts.contains("-XX:MaxRAMPercentage="), s + ": JDK_JAVA_OPTIONS without MaxRAMPercentage");
            assertEquals(null, env(c, "JAVA_OPTS"), s + ": JAVA_OPTS is read by no one in the image");
            String httpPort = env(c, "QUARKUS_HTTP_PORT");
            if (httpPort != null) {
                assertEquals(String.valueOf(port), httpPort, s + ": QUARKUS_HTTP_PORT");
            }
            assertTrue(c.getEnvFrom().stream().anyMatch(e -> e.getConfigMapRef() != null
                    && "homeostat-config".equals(e.getConfigMapRef().getName())), s + ": env not from the shared ConfigMap");
        }
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithTmpWritable() {
        for (String s : Repo.SERVICES) {
            Deployment d = find(Deployment.class, "homeostat-" + s);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, s + ": no container securityContext");
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot()
                    : pod.getSecurityContext() == null ? null : pod.getSecurityContext().getRunAsNonRoot();
            Long user = sc.getRunAsUser() != null ? sc.getRunAsUser()
                    : pod.getSecurityContext() == null ? null : pod.getSecurityContext().getRunAsUser();
            assertEquals(Boolean.TRUE, nonRoot, s + ": runAsNonRoot");
            assertEquals(10001L, user, s + ": runAsUser");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), s + ": readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), s + ": allowPrivilegeEscalation");
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), s + ": capabilities.drop");
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), s + ": capabilities added");

            String tmpVolume = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath()))
                    .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError(s + ": nothing mounted at /tmp"));
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(tmpVolume)).findFirst()
                    .orElseThrow(() -> new AssertionError(s + ": no volume " + tmpVolume));
            assertNotNull(v.getEmptyDir(), s + ": /tmp is not an emptyDir");
            for (var m : c.getVolumeMounts()) {
                assertTrue(pod.getVolumes().stream().anyMatch(x -> x.getName().equals(m.getName())), s + ": mount of missing volume " + m.getName());
            }
        }
    }

    @Test
    void podsAreAnnotatedForPrometheusScraping() {
        for (String s : Repo.SERVICES) {
            Map<String, String> a = find(Deployment.class, "homeostat-" + s).getSpec().getTemplate().getMetadata().getAnnotations();
            assertNotNull(a, s + ": no pod annotations");
            assertEquals("true", a.get("prometheus.io/scrape"), s);
            assertEquals(String.valueOf(ports.get(s)), a.get("prometheus.io/port"), s);
            assertEquals("/q/metrics", a.get("prometheus.io/path"), s);
        }
    }

    @Test
    void detectorMountsThePhasesWhereHomeostatPhasesDirPoints() {
        Deployment d = find(Deployment.class, "homeostat-detector");
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        String dir = env(c, "HOMEOSTAT_PHASES_DIR");
        assertNotNull(dir, "detector: HOMEOSTAT_PHASES_DIR not set");
        String volume = c.getVolumeMounts().stream().filter(m -> dir.equals(m.getMountPath())).map(m -> m.getName())
                .findFirst().orElseThrow(() -> new AssertionError("detector: nothing mounted at " + dir));
        Volume v = d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(x -> x.getName().equals(volume)).findFirst().orElseThrow();
        assertNotNull(v.getConfigMap(), "detector: phases volume is not a ConfigMap");
        Map<String, Object> kustomization = KustomizationTest.kustomization(Repo.k8s().resolve("base"));
        List<?> generators = (List<?>) kustomization.get("configMapGenerator");
        assertTrue(generators != null && generators.stream().anyMatch(g -> v.getConfigMap().getName().equals(((Map<?, ?>) g).get("name"))),
                "detector: the phases ConfigMap " + v.getConfigMap().getName() + " is not generated by the base");
        assertTrue(c.getEnvFrom().stream().anyMatch(e -> e.getSecretRef() != null), "detector: API tokens Secret not referenced");
    }

    @Test
    void servicesExposeTheHttpPortOfTheirPods() {
        for (String s : Repo.SERVICES) {
            Service svc = find(Service.class, "homeostat-" + s);
            Deployment d = find(Deployment.class, "homeostat-" + s);
            String type = svc.getSpec().getType();
            assertTrue(type == null || type.equals("ClusterIP"), s + ": Service type " + type);
            assertTrue(selects(svc.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()), s + ": Service selects no pod");
            assertEquals(1, svc.getSpec().getPorts().size(), s + ": Service ports");
            var p = svc.getSpec().getPorts().get(0);
            assertEquals("http", p.getName(), s);
            assertEquals(ports.get(s), p.getPort(), s + ": Service port");
            var target = p.getTargetPort();
            assertTrue(target == null || "http".equals(target.getStrVal()) || ports.get(s).equals(target.getIntVal()), s + ": targetPort " + target);
        }
    }

    @Test
    void disruptionBudgetsKeepOnePodOfEachService() {
        for (String s : Repo.SERVICES) {
            PodDisruptionBudget pdb = find(PodDisruptionBudget.class, "homeostat-" + s);
            assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal(), s + ": minAvailable");
            Deployment d = find(Deployment.class, "homeostat-" + s);
            assertTrue(selects(pdb.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels()), s + ": PDB selects no pod");
        }
    }

    @Test
    void scaledObjectsScaleEachDeploymentOnItsOwnQueue() {
        Set<String> auths = base.stream().filter(o -> o.getKind().equals("TriggerAuthentication"))
                .map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
        for (String s : Repo.SERVICES) {
            HasMetadata so = find(HasMetadata.class, "ScaledObject", "homeostat-" + s);
            assertEquals("keda.sh/v1alpha1", so.getApiVersion(), s);
            JsonNode spec = Manifests.tree(so).path("spec");
            JsonNode target = spec.path("scaleTargetRef");
            assertEquals("homeostat-" + s, target.path("name").asText(), s + ": scaleTargetRef.name");
            assertEquals("Deployment", target.path("kind").asText("Deployment"), s + ": scaleTargetRef.kind");
            int min = spec.path("minReplicaCount").asInt(0);
            int max = spec.path("maxReplicaCount").asInt(100);
            assertTrue(min >= 1, s + ": minReplicaCount " + min + " (readiness and the PDB assume a running pod)");
            assertTrue(max >= min, s + ": maxReplicaCount below minReplicaCount");
            if (s.equals("detector")) {
                assertEquals(1, max, "detector: every replica runs the scheduled scan, keep one");
            }
            JsonNode triggers = spec.path("triggers");
            assertEquals(1, triggers.size(), s + ": triggers");
            JsonNode t = triggers.get(0);
            assertEquals("aws-sqs-queue", t.path("type").asText(), s + ": trigger type");
            String url = t.path("metadata").path("queueURL").asText();
            assertTrue(url.matches("https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/\\d{12}/homeostat-" + s), s + ": queueURL " + url);
            assertTrue(t.path("metadata").path("queueLength").asText().matches("\\d+"), s + ": queueLength must be a quoted number");
            assertFalse(t.path("metadata").path("awsRegion").asText().isEmpty(), s + ": awsRegion");
            String auth = t.path("authenticationRef").path("name").asText();
            assertTrue(auths.contains(auth), s + ": authenticationRef " + auth + " names no TriggerAuthentication");
        }
        for (String a : auths) {
            JsonNode pi = Manifests.tree(find(HasMetadata.class, "TriggerAuthentication", a)).path("spec").path("podIdentity");
            assertTrue(Set.of("aws", "aws-eks").contains(pi.path("provider").asText()), a + ": podIdentity.provider");
        }
    }

    @Test
    void serviceMonitorsScrapeMetricsOfEachService() {
        for (String s : Repo.SERVICES) {
            HasMetadata sm = find(HasMetadata.class, "ServiceMonitor", "homeostat-" + s);
            assertEquals("monitoring.coreos.com/v1", sm.getApiVersion(), s);
            JsonNode spec = Manifests.tree(sm).path("spec");
            Map<String, String> selector = Manifests.JSON.convertValue(spec.path("selector").path("matchLabels"),
                    Manifests.JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            Service svc = find(Service.class, "homeostat-" + s);
            assertTrue(selector != null && !selector.isEmpty() && selects(selector, svc.getMetadata().getLabels()), s + ": ServiceMonitor selects no Service");
            JsonNode endpoints = spec.path("endpoints");
            assertEquals(1, endpoints.size(), s + ": endpoints");
            assertEquals("http", endpoints.get(0).path("port").asText(), s + ": endpoint port");
            assertEquals("/q/metrics", endpoints.get(0).path("path").asText(), s + ": endpoint path");
        }
    }

    @Test
    void sharedConfigMapSetsRegionPrefixesPublishModeAndScanInterval() {
        ConfigMap cm = find(ConfigMap.class, "homeostat-config");
        for (String key : List.of("HOMEOSTAT_CLOUD_REGION", "QUARKUS_SQS_AWS_REGION", "QUARKUS_DYNAMODB_AWS_REGION",
                "HOMEOSTAT_CONTROL_QUEUE_PREFIX", "HOMEOSTAT_CONTROL_TABLE_PREFIX", "HOMEOSTAT_CONTROL_PUBLISH_MODE",
                "HOMEOSTAT_DETECTOR_SCAN_INTERVAL")) {
            assertNotNull(cm.getData().get(key), "homeostat-config lacks " + key);
        }
        assertEquals("homeostat-", cm.getData().get("HOMEOSTAT_CONTROL_QUEUE_PREFIX"),
                "queue prefix: the ScaledObjects' queueURLs assume homeostat-<service>");
        assertTrue(Set.of("direct", "eventbridge").contains(cm.getData().get("HOMEOSTAT_CONTROL_PUBLISH_MODE")));
        for (String key : cm.getData().keySet()) {
            assertFalse(key.contains("TOKEN") || key.contains("SECRET"), "secret-looking key in a ConfigMap: " + key);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void assertProbe(String s, String what, Probe probe, String path, int port) {
        assertNotNull(probe, s + ": no " + what + " probe");
        assertNotNull(probe.getHttpGet(), s + ": " + what + " probe is not httpGet");
        assertEquals(path, probe.getHttpGet().getPath(), s + ": " + what + " path");
        var p = probe.getHttpGet().getPort();
        assertTrue(Integer.valueOf(port).equals(p.getIntVal()) || "http".equals(p.getStrVal()), s + ": " + what + " port " + p);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(e -> e.getValue()).findFirst().orElse(null);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static String name(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getName();
    }

    private static <T extends HasMetadata> T find(Class<T> type, String name) {
        return find(type, null, name);
    }

    private static <T extends HasMetadata> T find(Class<T> type, String kind, String name) {
        List<T> found = base.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> kind == null || kind.equals(o.getKind()))
                .filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertEquals(1, found.size(), (kind != null ? kind : type.getSimpleName()) + " " + name + " in the base");
        return found.get(0);
    }

}

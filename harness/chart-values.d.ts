/* Generated from charts/flink/values.schema.json by `npm run gen:types`; do not edit. */

export type Quantity = string | number;
export type Time = string;
export type IntOrString = number | string;

/**
 * Values of the flink Helm chart (Apache Flink 2.2, standalone mode).
 */
export interface FlinkChartValues {
  /**
   * Overrides the chart name used in resource names and the `app.kubernetes.io/name` label.
   */
  nameOverride?: string;
  /**
   * Overrides the full name (`<release>-<chart>`) that prefixes every resource name.
   */
  fullnameOverride?: string;
  /**
   * Labels added to every object the chart renders.
   */
  commonLabels?: {
    [k: string]: string;
  };
  image?: {
    /**
     * Image registry. Empty means the repository is used as given.
     */
    registry?: string;
    /**
     * Image repository.
     */
    repository?: string;
    /**
     * Image tag. Empty means `<appVersion>-scala_2.12` (for example `2.2.0-scala_2.12`).
     */
    tag?: string;
    /**
     * Image digest (`sha256:...`). When set it is appended to the reference and pins the image.
     */
    digest?: string;
    /**
     * Image pull policy.
     */
    pullPolicy?: "Always" | "IfNotPresent" | "Never";
    /**
     * Names of Secrets used to pull the image (`[{name: regcred}]` or `[regcred]`).
     */
    pullSecrets?: (string | LocalObjectReference)[];
  };
  /**
   * Cluster mode: `session` (a long-running cluster that accepts many job submissions) or `application` (the JobManager runs one job from `application.jobClassName`).
   */
  mode?: "session" | "application";
  application?: {
    /**
     * Main class of the job (required in application mode).
     */
    jobClassName?: string;
    /**
     * Job id of the first version (32 hex characters, `$internal.pipeline.job-id`). Empty lets Flink choose: with HA a fixed id derived from the cluster id, which keeps the job identity stable across JobManager restarts. Upgrades in `lifecycle.upgradeMode` savepoint or stateless give each new version a new id.
     */
    jobId?: string;
    /**
     * Extra job jars passed as `--jars` (comma-joined). Jars in `/opt/flink/usrlib` are picked up anyway.
     */
    jars?: string[];
    /**
     * Savepoint or retained checkpoint the job starts from (`execution.state-recovery.path`) when it has no newer state: with HA the latest checkpoint wins, and after a savepoint upgrade the upgrade's savepoint. It also wins over the savepoint of `lifecycle.savepoints.onUninstall`.
     */
    fromSavepoint?: string;
    /**
     * Skip state that cannot be mapped to the new program (`execution.state-recovery.ignore-unclaimed-state`).
     */
    allowNonRestoredState?: boolean;
    /**
     * Arguments passed to the job's main method.
     */
    args?: string[];
    /**
     * Not a value of this chart: the upgrade mode is lifecycle.upgradeMode (rendering fails with that message).
     */
    upgradeMode?: {
      [k: string]: unknown;
    };
  };
  lifecycle?: {
    /**
     * What a `helm upgrade` or `helm rollback` that changes the JobManager pods (image, job class, arguments, jars, configuration) does with an application job's state: `last-state` (needs HA) runs the new version from the latest checkpoint; `savepoint` stops the job with a savepoint first and starts the new version from it (a failed savepoint fails the upgrade and the job keeps running); `stateless` cancels the job and starts the new version with empty state. Empty: the mode that keeps the most state here: `last-state` with HA, else `savepoint` with a savepoint directory, else `stateless`.
     */
    upgradeMode?: "" | "last-state" | "savepoint" | "stateless";
    savepoints?: {
      /**
       * Cron schedule of the savepoint CronJob `<fullname>-savepoints` (a savepoint of every RUNNING job, also in session mode). Empty: the CronJob is suspended; take a savepoint now with `kubectl create job --from=cronjob/<fullname>-savepoints <name>`. The CronJob exists when a savepoint directory is known (`targetDirectory`, `storage.*` or `execution.checkpointing.savepoint-dir`).
       */
      schedule?: string;
      /**
       * Savepoints of the CronJob kept per job; older ones are disposed of (`POST /savepoint-disposal`) and leave the record. Savepoints of upgrades and uninstalls are kept.
       */
      retain?: number;
      /**
       * Savepoint format: `CANONICAL` (portable across state backends) or `NATIVE` (faster to take and to restore).
       */
      formatType?: "CANONICAL" | "NATIVE";
      /**
       * Directory of the chart's savepoints. Empty: `execution.checkpointing.savepoint-dir` (set by `storage.*`).
       */
      targetDirectory?: string;
      /**
       * Seconds a savepoint may take before the step gives up (an upgrade or uninstall then fails). Flink itself gives up after `execution.checkpointing.timeout` (10 min): keep this at least as long, and run helm with a `--timeout` longer than this.
       */
      timeoutSeconds?: number;
      /**
       * Stop every job with a savepoint when the release is uninstalled (`helm uninstall` fails, and the release stays, if that fails; `--no-hooks` skips it). In application mode the next `helm install` of the release starts from that savepoint, unless `application.fromSavepoint` is set.
       */
      onUninstall?: boolean;
    };
  };
  artifacts?: {
    /**
     * `image` (the image already contains /opt/flink/usrlib), `pvc` (an existing PVC mounted at /opt/flink/usrlib) or `initContainer` (an init container fills an emptyDir).
     */
    source?: "image" | "pvc" | "initContainer";
    pvc?: {
      /**
       * Name of an existing PVC holding the jars (source `pvc`).
       */
      claimName?: string;
      /**
       * Sub-path inside the PVC.
       */
      subPath?: string;
    };
    initContainer?: {
      /**
       * Image of the init container. Empty means the Flink image.
       */
      image?: string;
      /**
       * Path inside the init container's image copied to /opt/flink/usrlib (a jar, or a directory whose contents are copied).
       */
      copyFrom?: string;
      /**
       * URLs downloaded into /opt/flink/usrlib with curl or wget (whichever the image has).
       */
      urls?: string[];
      /**
       * Resources of the artifacts init container.
       */
      resources?: ResourceRequirements;
    };
  };
  /**
   * Flink configuration merged over the chart defaults and written to `conf/config.yaml` as flat, sorted keys. Nested maps are flattened to dotted keys; a key set to `null` removes a chart default. Ports are set with the `*.ports` values, not here.
   */
  flinkConfiguration?: {
    [k: string]: unknown;
  };
  logging?: {
    /**
     * Root log level.
     */
    rootLevel?: "OFF" | "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE" | "ALL";
    /**
     * Extra loggers, logger name to level (for example `org.apache.flink.runtime.checkpoint: DEBUG`).
     */
    loggers?: {
      [k: string]: "OFF" | "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE" | "ALL";
    };
    /**
     * Log to the console (`kubectl logs`).
     */
    console?: boolean;
    rollingFile?: {
      /**
       * Also log to a rolling file in /opt/flink/log (read by the web UI's log view).
       */
      enabled?: boolean;
      /**
       * Size at which the log file rolls over.
       */
      maxFileSize?: string;
      /**
       * Number of rolled files kept.
       */
      maxBackups?: number;
    };
    /**
     * Extra lines appended to `log4j-console.properties`.
     */
    extraConfig?: string;
  };
  /**
   * Pod security context of every pod (restricted Pod Security Standard by default).
   */
  podSecurityContext?: PodSecurityContext;
  /**
   * Container security context of every container (restricted Pod Security Standard by default).
   */
  securityContext?: SecurityContext;
  /**
   * Built-in plugins linked from `/opt/flink/opt` into `/opt/flink/plugins` by the image entrypoint (`ENABLE_BUILT_IN_PLUGINS`), for example `flink-s3-fs-presto-2.2.0.jar`. `storage.s3` adds its own.
   */
  builtInPlugins?: string[];
  jobManager?: {
    /**
     * JobManager replicas. More than one needs `highAvailability.enabled` (standby JobManagers).
     */
    replicas?: number;
    ports?: {
      /**
       * RPC port (`jobmanager.rpc.port`, and `high-availability.jobmanager.port` with HA).
       */
      rpc?: number;
      /**
       * Blob server port (`blob.server.port`).
       */
      blob?: number;
      /**
       * REST and web UI port (`rest.port`).
       */
      webui?: number;
    };
    /**
     * Container resources. `jobmanager.memory.process.size` is derived from `limits.memory` unless set in `flinkConfiguration` (then it must not exceed the limit).
     */
    resources?: ResourceRequirements;
    /**
     * Annotations of the JobManager Deployment.
     */
    annotations?: {
      [k: string]: string;
    };
    /**
     * Labels of the JobManager Deployment.
     */
    labels?: {
      [k: string]: string;
    };
    /**
     * Annotations of the JobManager pods.
     */
    podAnnotations?: {
      [k: string]: string;
    };
    /**
     * Labels of the JobManager pods.
     */
    podLabels?: {
      [k: string]: string;
    };
    /**
     * Node selector of the JobManager pods.
     */
    nodeSelector?: {
      [k: string]: string;
    };
    /**
     * Affinity of the JobManager pods.
     */
    affinity?: Affinity;
    /**
     * Tolerations of the JobManager pods.
     */
    tolerations?: Toleration[];
    /**
     * Topology spread constraints of the JobManager pods.
     */
    topologySpreadConstraints?: TopologySpreadConstraint[];
    /**
     * Priority class of the JobManager pods.
     */
    priorityClassName?: string;
    /**
     * Grace period for the JobManager to shut down (and release its leadership).
     */
    terminationGracePeriodSeconds?: number;
    /**
     * Extra environment variables of the JobManager container.
     */
    extraEnv?: EnvVar[];
    /**
     * Extra `envFrom` sources of the JobManager container.
     */
    extraEnvFrom?: EnvFromSource[];
    /**
     * Extra volumes of the JobManager pods.
     */
    extraVolumes?: Volume[];
    /**
     * Extra volume mounts of the JobManager container.
     */
    extraVolumeMounts?: VolumeMount[];
    /**
     * Extra init containers of the JobManager pods (run after the chart's own).
     */
    initContainers?: Container[];
    /**
     * Sidecar containers of the JobManager pods.
     */
    sidecars?: Container[];
    livenessProbe?: {
      /**
       * TCP liveness probe on the RPC port.
       */
      enabled?: boolean;
      /**
       * Seconds before the first liveness check.
       */
      initialDelaySeconds?: number;
      /**
       * Seconds between liveness checks.
       */
      periodSeconds?: number;
      /**
       * Seconds before a liveness check times out.
       */
      timeoutSeconds?: number;
      /**
       * Failed liveness checks before the container restarts.
       */
      failureThreshold?: number;
    };
    readinessProbe?: {
      /**
       * TCP readiness probe on the REST port.
       */
      enabled?: boolean;
      /**
       * Seconds before the first readiness check.
       */
      initialDelaySeconds?: number;
      /**
       * Seconds between readiness checks.
       */
      periodSeconds?: number;
      /**
       * Seconds before a readiness check times out.
       */
      timeoutSeconds?: number;
      /**
       * Failed readiness checks before the pod is marked unready.
       */
      failureThreshold?: number;
    };
    startupProbe?: {
      /**
       * TCP startup probe on the RPC port (holds the other probes back until it succeeds).
       */
      enabled?: boolean;
      /**
       * Seconds before the first startup check.
       */
      initialDelaySeconds?: number;
      /**
       * Seconds between startup checks.
       */
      periodSeconds?: number;
      /**
       * Seconds before a startup check times out.
       */
      timeoutSeconds?: number;
      /**
       * Failed startup checks before the container restarts.
       */
      failureThreshold?: number;
    };
    service?: {
      /**
       * Annotations of the JobManager Service (`<fullname>-jobmanager`).
       */
      annotations?: {
        [k: string]: string;
      };
      /**
       * Labels of the JobManager Service.
       */
      labels?: {
        [k: string]: string;
      };
    };
    podDisruptionBudget?: {
      /**
       * Create a PodDisruptionBudget for the JobManagers.
       */
      enabled?: boolean;
      /**
       * Minimum available JobManagers (set this or `maxUnavailable`).
       */
      minAvailable?: null | number | string;
      /**
       * Maximum unavailable JobManagers (default 1 when neither is set).
       */
      maxUnavailable?: null | number | string;
    };
  };
  taskManager?: {
    /**
     * Controller of the TaskManagers: `Deployment` or `StatefulSet` (stable identities, local recovery).
     */
    kind?: "Deployment" | "StatefulSet";
    /**
     * Number of TaskManagers.
     */
    replicas?: number;
    /**
     * Task slots per TaskManager (`taskmanager.numberOfTaskSlots`).
     */
    numberOfTaskSlots?: number;
    /**
     * StatefulSet pod management policy.
     */
    podManagementPolicy?: "Parallel" | "OrderedReady";
    ports?: {
      /**
       * TaskManager RPC port (`taskmanager.rpc.port`).
       */
      rpc?: number;
    };
    /**
     * Container resources. `taskmanager.memory.process.size` is derived from `limits.memory` unless set in `flinkConfiguration` (then it must not exceed the limit).
     */
    resources?: ResourceRequirements;
    /**
     * Annotations of the TaskManager Deployment or StatefulSet.
     */
    annotations?: {
      [k: string]: string;
    };
    /**
     * Labels of the TaskManager Deployment or StatefulSet.
     */
    labels?: {
      [k: string]: string;
    };
    /**
     * Annotations of the TaskManager pods.
     */
    podAnnotations?: {
      [k: string]: string;
    };
    /**
     * Labels of the TaskManager pods.
     */
    podLabels?: {
      [k: string]: string;
    };
    /**
     * Node selector of the TaskManager pods.
     */
    nodeSelector?: {
      [k: string]: string;
    };
    /**
     * Affinity of the TaskManager pods.
     */
    affinity?: Affinity;
    /**
     * Tolerations of the TaskManager pods.
     */
    tolerations?: Toleration[];
    /**
     * Topology spread constraints of the TaskManager pods.
     */
    topologySpreadConstraints?: TopologySpreadConstraint[];
    /**
     * Priority class of the TaskManager pods.
     */
    priorityClassName?: string;
    /**
     * Grace period for a TaskManager to shut down.
     */
    terminationGracePeriodSeconds?: number;
    /**
     * Extra environment variables of the TaskManager container.
     */
    extraEnv?: EnvVar[];
    /**
     * Extra `envFrom` sources of the TaskManager container.
     */
    extraEnvFrom?: EnvFromSource[];
    /**
     * Extra volumes of the TaskManager pods.
     */
    extraVolumes?: Volume[];
    /**
     * Extra volume mounts of the TaskManager container.
     */
    extraVolumeMounts?: VolumeMount[];
    /**
     * Extra init containers of the TaskManager pods (run after the chart's own).
     */
    initContainers?: Container[];
    /**
     * Sidecar containers of the TaskManager pods.
     */
    sidecars?: Container[];
    livenessProbe?: {
      /**
       * TCP liveness probe on the RPC port.
       */
      enabled?: boolean;
      /**
       * Seconds before the first liveness check.
       */
      initialDelaySeconds?: number;
      /**
       * Seconds between liveness checks.
       */
      periodSeconds?: number;
      /**
       * Seconds before a liveness check times out.
       */
      timeoutSeconds?: number;
      /**
       * Failed liveness checks before the container restarts.
       */
      failureThreshold?: number;
    };
    readinessProbe?: {
      /**
       * TCP readiness probe on the RPC port.
       */
      enabled?: boolean;
      /**
       * Seconds before the first readiness check.
       */
      initialDelaySeconds?: number;
      /**
       * Seconds between readiness checks.
       */
      periodSeconds?: number;
      /**
       * Seconds before a readiness check times out.
       */
      timeoutSeconds?: number;
      /**
       * Failed readiness checks before the pod is marked unready.
       */
      failureThreshold?: number;
    };
    startupProbe?: {
      /**
       * TCP startup probe on the RPC port.
       */
      enabled?: boolean;
      /**
       * Seconds before the first startup check.
       */
      initialDelaySeconds?: number;
      /**
       * Seconds between startup checks.
       */
      periodSeconds?: number;
      /**
       * Seconds before a startup check times out.
       */
      timeoutSeconds?: number;
      /**
       * Failed startup checks before the container restarts.
       */
      failureThreshold?: number;
    };
    persistence?: {
      /**
       * Give each StatefulSet TaskManager its own volume (`volumeClaimTemplates`), used as Flink's working directory. Needs `kind: StatefulSet`.
       */
      enabled?: boolean;
      /**
       * Size of each TaskManager volume.
       */
      size?: string;
      /**
       * Storage class of the volumes. Empty uses the cluster default.
       */
      storageClassName?: string;
      /**
       * Access modes of the volumes.
       *
       * @minItems 1
       */
      accessModes?: [
        "ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod" | "ReadOnlyMany",
        ...("ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod" | "ReadOnlyMany")[],
      ];
      /**
       * Where the volume is mounted; it becomes `process.taskmanager.working-dir`.
       */
      mountPath?: string;
      /**
       * `persistentVolumeClaimRetentionPolicy` of the StatefulSet. Empty: the volumes are deleted with the StatefulSet (`whenDeleted: Delete`, so `helm uninstall` leaves nothing behind; they only cache state that the checkpoints hold) and kept when it scales down (`whenScaled: Retain`).
       */
      retentionPolicy?: StatefulSetPersistentVolumeClaimRetentionPolicy;
    };
    localRecovery?: {
      /**
       * Enable local recovery (`execution.state-recovery.from-local` and `execution.checkpointing.local-backup.enabled`). Needs `kind: StatefulSet` and `persistence.enabled`.
       */
      enabled?: boolean;
    };
    headlessService?: {
      /**
       * Annotations of the headless Service of StatefulSet TaskManagers.
       */
      annotations?: {
        [k: string]: string;
      };
    };
    podDisruptionBudget?: {
      /**
       * Create a PodDisruptionBudget for the TaskManagers.
       */
      enabled?: boolean;
      /**
       * Minimum available TaskManagers (set this or `maxUnavailable`).
       */
      minAvailable?: null | number | string;
      /**
       * Maximum unavailable TaskManagers (default 1 when neither is set).
       */
      maxUnavailable?: null | number | string;
    };
  };
  rest?: {
    service?: {
      /**
       * Type of the REST Service (`<fullname>-rest`): `ClusterIP`, `NodePort` or `LoadBalancer`.
       */
      type?: "ClusterIP" | "NodePort" | "LoadBalancer";
      /**
       * Port of the REST Service.
       */
      port?: number;
      /**
       * Node port when `type` is `NodePort` or `LoadBalancer` (for example 30081). Null lets Kubernetes choose.
       */
      nodePort?: null | number;
      /**
       * Annotations of the REST Service.
       */
      annotations?: {
        [k: string]: string;
      };
      /**
       * Labels of the REST Service.
       */
      labels?: {
        [k: string]: string;
      };
      /**
       * Source ranges allowed to reach a `LoadBalancer` Service.
       */
      loadBalancerSourceRanges?: string[];
      /**
       * `externalTrafficPolicy` for `NodePort` and `LoadBalancer` (`Cluster` or `Local`); empty keeps the default.
       */
      externalTrafficPolicy?: "" | "Cluster" | "Local";
      /**
       * Session affinity (`None` or `ClientIP`). Empty: `ClientIP` when `jobManager.replicas` > 1, since a jar uploaded through the REST API is stored only by the JobManager that received it, and the request that runs it must reach the same one.
       */
      sessionAffinity?: "" | "None" | "ClientIP";
    };
  };
  ingress?: {
    /**
     * Expose the web UI through an Ingress.
     */
    enabled?: boolean;
    /**
     * Ingress class name.
     */
    className?: string;
    /**
     * Ingress annotations.
     */
    annotations?: {
      [k: string]: string;
    };
    /**
     * Ingress hosts and paths.
     */
    hosts?: {
      host?: string;
      paths?: {
        path: string;
        pathType?: "Prefix" | "Exact" | "ImplementationSpecific";
      }[];
    }[];
    /**
     * Ingress TLS entries (`[{secretName, hosts}]`).
     */
    tls?: IngressTLS[];
  };
  highAvailability?: {
    /**
     * Enable Kubernetes HA services (leader election and job metadata in ConfigMaps).
     */
    enabled?: boolean;
    /**
     * `kubernetes.cluster-id`, which prefixes the HA ConfigMaps. Empty means the release's full name.
     */
    clusterId?: string;
    /**
     * `high-availability.storageDir`. Empty uses `storage.s3` or `storage.pvc`; one of the three is required.
     */
    storageDir?: string;
    restartStrategy?: {
      /**
       * `restart-strategy.type` set with HA. `exponential-delay` (Flink's own default when checkpointing is on) restarts a job 1 s after a first failure (a lost TaskManager) and backs off on repeated ones.
       */
      type?: "fixed-delay" | "exponential-delay" | "failure-rate" | "none";
      /**
       * `restart-strategy.fixed-delay.attempts` (`fixed-delay` only).
       */
      attempts?: number;
      /**
       * `restart-strategy.fixed-delay.delay` (`fixed-delay`), or `restart-strategy.exponential-delay.initial-backoff` (`exponential-delay`).
       */
      delay?: string;
      /**
       * `restart-strategy.exponential-delay.max-backoff` (`exponential-delay` only).
       */
      maxDelay?: string;
    };
    leaderElection?: {
      /**
       * `high-availability.kubernetes.leader-election.lease-duration`: how long a standby waits after the leader's last renewal before it takes over.
       */
      leaseDuration?: string;
      /**
       * `high-availability.kubernetes.leader-election.renew-deadline`: how long the leader keeps trying to renew before it gives leadership up.
       */
      renewDeadline?: string;
      /**
       * `high-availability.kubernetes.leader-election.retry-period`: how often the leader renews and standbys try to acquire (each is one ConfigMap read, and a write for the leader).
       */
      retryPeriod?: string;
    };
    releaseLeaderLock?: {
      /**
       * Add a native sidecar to HA JobManagers (Kubernetes >= 1.29) that clears the leader lock once this JobManager's JVM has exited on pod deletion, if the lock still names it, so a standby takes over at its next retry instead of after the lease (the exiting leader may re-acquire the lock while shutting down). Needs curl or wget in the image and `logging.rollingFile.enabled` (it reads the JVM's lock identity from the log file); otherwise it does nothing. Application clusters always have it: it is also the handover that makes an upgrade run the new version (`lifecycle`).
       */
      enabled?: boolean;
      /**
       * Also release the lock of a JVM that crashed while its pod lives (the kubelet restarts the container; without this the standby waits for the whole `leaseDuration`). The sidecar proves the JVM gone before it writes: a later JVM of the container logged its own identity, or nothing listens on the JobManager's RPC port any more (a paused or hung JVM keeps its port, so its lock expires with the lease as usual). It polls the pod's /proc/net/tcp every 0.5 s and calls the Kubernetes API only when a JVM has exited.
       */
      onCrash?: boolean;
      /**
       * Resources of the sidecar (a shell that watches the jobmanager container until the pod is deleted).
       */
      resources?: ResourceRequirements;
    };
    /**
     * Keep the HA ConfigMaps on `helm uninstall` (a re-installed cluster with the same cluster id then resumes its jobs from their latest checkpoints). This also keeps the `storage.pvc` volume the HA metadata points to. When false a post-delete hook Job deletes them once the Flink pods are gone.
     */
    keepConfigMapsOnUninstall?: boolean;
  };
  storage?: {
    pvc?: {
      /**
       * Mount a shared PVC at `mountPath` on every Flink pod and use it for HA metadata, checkpoints and savepoints (unless set otherwise). Suits single-node clusters and tests.
       */
      enabled?: boolean;
      /**
       * Use this existing PVC instead of creating `<fullname>-data`.
       */
      existingClaim?: string;
      /**
       * Keep the created PVC on `helm uninstall` (`helm.sh/resource-policy: keep`). It is also kept when `highAvailability.keepConfigMapsOnUninstall` or `lifecycle.savepoints.onUninstall` is true, since the kept HA metadata or the uninstall savepoint is in it.
       */
      keepOnUninstall?: boolean;
      /**
       * Size of the created PVC.
       */
      size?: string;
      /**
       * Storage class of the created PVC. Empty uses the cluster default.
       */
      storageClassName?: string;
      /**
       * Access modes of the created PVC (ReadWriteMany when pods run on several nodes).
       *
       * @minItems 1
       */
      accessModes?: [
        "ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod",
        ...("ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod")[],
      ];
      /**
       * Mount path of the shared volume.
       */
      mountPath?: string;
    };
    s3?: {
      /**
       * Use S3-compatible object storage (Flink's built-in S3 plugin) for HA metadata, checkpoints and savepoints.
       */
      enabled?: boolean;
      /**
       * Built-in S3 plugin: `presto` (recommended for checkpoints) or `hadoop`.
       */
      plugin?: "presto" | "hadoop";
      /**
       * S3 endpoint (`s3.endpoint`), for MinIO and other S3-compatible stores. Empty uses AWS.
       */
      endpoint?: string;
      /**
       * Use path-style access (`s3.path.style.access`), needed by most S3-compatible stores.
       */
      pathStyleAccess?: boolean;
      /**
       * Bucket name.
       */
      bucket?: string;
      /**
       * Key prefix inside the bucket; directories `ha`, `checkpoints` and `savepoints` go below it.
       */
      prefix?: string;
      /**
       * Existing Secret with the credentials, exposed as `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`. Empty relies on the pod's cloud identity.
       */
      existingSecret?: string;
      /**
       * Key of the access key id in the Secret.
       */
      accessKeyIdKey?: string;
      /**
       * Key of the secret access key in the Secret.
       */
      secretAccessKeyKey?: string;
    };
  };
  serviceAccount?: {
    /**
     * Create a ServiceAccount (`<fullname>`).
     */
    create?: boolean;
    /**
     * Name of the ServiceAccount to use. Empty means `<fullname>` when created, `default` otherwise.
     */
    name?: string;
    /**
     * ServiceAccount annotations.
     */
    annotations?: {
      [k: string]: string;
    };
  };
  rbac?: {
    /**
     * Create the Role and RoleBinding Kubernetes HA needs (ConfigMaps in the release namespace).
     */
    create?: boolean;
  };
  metrics?: {
    /**
     * Enable Flink's Prometheus reporter and the `metrics` container ports.
     */
    enabled?: boolean;
    /**
     * Port of the Prometheus reporter (`metrics.reporter.prom.port`).
     */
    port?: number;
    podMonitor?: {
      /**
       * Create a prometheus-operator PodMonitor.
       */
      enabled?: boolean;
      /**
       * Scrape interval.
       */
      interval?: string;
      /**
       * Extra labels of the PodMonitor (for the Prometheus selector).
       */
      labels?: {
        [k: string]: string;
      };
    };
    serviceMonitor?: {
      /**
       * Create a prometheus-operator ServiceMonitor and the `<fullname>-metrics` Service it scrapes.
       */
      enabled?: boolean;
      /**
       * Scrape interval.
       */
      interval?: string;
      /**
       * Extra labels of the ServiceMonitor (for the Prometheus selector).
       */
      labels?: {
        [k: string]: string;
      };
    };
  };
  networkPolicy?: {
    /**
     * Create a NetworkPolicy: pods of the release reach each other; the REST and metrics ports are reachable from the peers below.
     */
    enabled?: boolean;
    /**
     * Peers allowed to reach the REST port. Empty allows every source.
     */
    restFrom?: NetworkPolicyPeer[];
    /**
     * Peers allowed to reach the metrics port. Empty allows every source.
     */
    metricsFrom?: NetworkPolicyPeer[];
  };
  tests?: {
    /**
     * Render the `helm test` pod that checks the registered TaskManagers and slots via the REST API.
     */
    enabled?: boolean;
    /**
     * How many times the test polls `/overview` (5 s apart) before it fails.
     */
    attempts?: number;
  };
  /**
   * Resources of the chart's small helper containers (config init, helm test, uninstall cleanup hook).
   */
  helperResources?: ResourceRequirements;
  /**
   * Helm's global values (unused by this chart).
   */
  global?: {
    [k: string]: unknown;
  };
}
export interface LocalObjectReference {
  name?: string;
}
export interface ResourceRequirements {
  claims?: ResourceClaim[];
  limits?: {
    [k: string]: Quantity;
  };
  requests?: {
    [k: string]: Quantity;
  };
}
export interface ResourceClaim {
  name: string;
  request?: string;
}
export interface PodSecurityContext {
  appArmorProfile?: AppArmorProfile;
  fsGroup?: number;
  fsGroupChangePolicy?: string;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seLinuxChangePolicy?: string;
  seLinuxOptions?: SELinuxOptions;
  seccompProfile?: SeccompProfile;
  supplementalGroups?: number[];
  supplementalGroupsPolicy?: string;
  sysctls?: Sysctl[];
  windowsOptions?: WindowsSecurityContextOptions;
}
export interface AppArmorProfile {
  localhostProfile?: string;
  type: string;
}
export interface SELinuxOptions {
  level?: string;
  role?: string;
  type?: string;
  user?: string;
}
export interface SeccompProfile {
  localhostProfile?: string;
  type: string;
}
export interface Sysctl {
  name: string;
  value: string;
}
export interface WindowsSecurityContextOptions {
  gmsaCredentialSpec?: string;
  gmsaCredentialSpecName?: string;
  hostProcess?: boolean;
  runAsUserName?: string;
}
export interface SecurityContext {
  allowPrivilegeEscalation?: boolean;
  appArmorProfile?: AppArmorProfile;
  capabilities?: Capabilities;
  privileged?: boolean;
  procMount?: string;
  readOnlyRootFilesystem?: boolean;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seLinuxOptions?: SELinuxOptions;
  seccompProfile?: SeccompProfile;
  windowsOptions?: WindowsSecurityContextOptions;
}
export interface Capabilities {
  add?: string[];
  drop?: string[];
}
export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAntiAffinity;
}
export interface NodeAffinity {
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
}
export interface PreferredSchedulingTerm {
  preference: NodeSelectorTerm;
  weight: number;
}
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}
export interface PodAffinity {
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
}
export interface WeightedPodAffinityTerm {
  podAffinityTerm: PodAffinityTerm;
  weight: number;
}
export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
  namespaceSelector?: LabelSelector;
  namespaces?: string[];
  topologyKey: string;
}
export interface LabelSelector {
  matchExpressions?: LabelSelectorRequirement[];
  matchLabels?: {
    [k: string]: string;
  };
}
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
export interface PodAntiAffinity {
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
}
export interface Toleration {
  effect?: string;
  key?: string;
  operator?: string;
  tolerationSeconds?: number;
  value?: string;
}
export interface TopologySpreadConstraint {
  labelSelector?: LabelSelector;
  matchLabelKeys?: string[];
  maxSkew: number;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
  topologyKey: string;
  whenUnsatisfiable: string;
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}
export interface EnvVarSource {
  configMapKeyRef?: ConfigMapKeySelector;
  fieldRef?: ObjectFieldSelector;
  fileKeyRef?: FileKeySelector;
  resourceFieldRef?: ResourceFieldSelector;
  secretKeyRef?: SecretKeySelector;
}
export interface ConfigMapKeySelector {
  key: string;
  name?: string;
  optional?: boolean;
}
export interface ObjectFieldSelector {
  apiVersion?: string;
  fieldPath: string;
}
export interface FileKeySelector {
  key: string;
  optional?: boolean;
  path: string;
  volumeName: string;
}
export interface ResourceFieldSelector {
  containerName?: string;
  divisor?: Quantity;
  resource: string;
}
export interface SecretKeySelector {
  key: string;
  name?: string;
  optional?: boolean;
}
export interface EnvFromSource {
  configMapRef?: ConfigMapEnvSource;
  prefix?: string;
  secretRef?: SecretEnvSource;
}
export interface ConfigMapEnvSource {
  name?: string;
  optional?: boolean;
}
export interface SecretEnvSource {
  name?: string;
  optional?: boolean;
}
export interface Volume {
  awsElasticBlockStore?: AWSElasticBlockStoreVolumeSource;
  azureDisk?: AzureDiskVolumeSource;
  azureFile?: AzureFileVolumeSource;
  cephfs?: CephFSVolumeSource;
  cinder?: CinderVolumeSource;
  configMap?: ConfigMapVolumeSource;
  csi?: CSIVolumeSource;
  downwardAPI?: DownwardAPIVolumeSource;
  emptyDir?: EmptyDirVolumeSource;
  ephemeral?: EphemeralVolumeSource;
  fc?: FCVolumeSource;
  flexVolume?: FlexVolumeSource;
  flocker?: FlockerVolumeSource;
  gcePersistentDisk?: GCEPersistentDiskVolumeSource;
  gitRepo?: GitRepoVolumeSource;
  glusterfs?: GlusterfsVolumeSource;
  hostPath?: HostPathVolumeSource;
  image?: ImageVolumeSource;
  iscsi?: ISCSIVolumeSource;
  name: string;
  nfs?: NFSVolumeSource;
  persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  photonPersistentDisk?: PhotonPersistentDiskVolumeSource;
  portworxVolume?: PortworxVolumeSource;
  projected?: ProjectedVolumeSource;
  quobyte?: QuobyteVolumeSource;
  rbd?: RBDVolumeSource;
  scaleIO?: ScaleIOVolumeSource;
  secret?: SecretVolumeSource;
  storageos?: StorageOSVolumeSource;
  vsphereVolume?: VsphereVirtualDiskVolumeSource;
}
export interface AWSElasticBlockStoreVolumeSource {
  fsType?: string;
  partition?: number;
  readOnly?: boolean;
  volumeID: string;
}
export interface AzureDiskVolumeSource {
  cachingMode?: string;
  diskName: string;
  diskURI: string;
  fsType?: string;
  kind?: string;
  readOnly?: boolean;
}
export interface AzureFileVolumeSource {
  readOnly?: boolean;
  secretName: string;
  shareName: string;
}
export interface CephFSVolumeSource {
  monitors: string[];
  path?: string;
  readOnly?: boolean;
  secretFile?: string;
  secretRef?: LocalObjectReference;
  user?: string;
}
export interface CinderVolumeSource {
  fsType?: string;
  readOnly?: boolean;
  secretRef?: LocalObjectReference;
  volumeID: string;
}
export interface ConfigMapVolumeSource {
  defaultMode?: number;
  items?: KeyToPath[];
  name?: string;
  optional?: boolean;
}
export interface KeyToPath {
  key: string;
  mode?: number;
  path: string;
}
export interface CSIVolumeSource {
  driver: string;
  fsType?: string;
  nodePublishSecretRef?: LocalObjectReference;
  readOnly?: boolean;
  volumeAttributes?: {
    [k: string]: string;
  };
}
export interface DownwardAPIVolumeSource {
  defaultMode?: number;
  items?: DownwardAPIVolumeFile[];
}
export interface DownwardAPIVolumeFile {
  fieldRef?: ObjectFieldSelector;
  mode?: number;
  path: string;
  resourceFieldRef?: ResourceFieldSelector;
}
export interface EmptyDirVolumeSource {
  medium?: string;
  sizeLimit?: Quantity;
}
export interface EphemeralVolumeSource {
  volumeClaimTemplate?: PersistentVolumeClaimTemplate;
}
export interface PersistentVolumeClaimTemplate {
  metadata?: ObjectMeta;
  spec: PersistentVolumeClaimSpec;
}
export interface ObjectMeta {
  annotations?: {
    [k: string]: string;
  };
  creationTimestamp?: Time;
  deletionGracePeriodSeconds?: number;
  deletionTimestamp?: Time;
  finalizers?: string[];
  generateName?: string;
  generation?: number;
  labels?: {
    [k: string]: string;
  };
  managedFields?: ManagedFieldsEntry[];
  name?: string;
  namespace?: string;
  ownerReferences?: OwnerReference[];
  resourceVersion?: string;
  selfLink?: string;
  uid?: string;
}
export interface ManagedFieldsEntry {
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: FieldsV1;
  manager?: string;
  operation?: string;
  subresource?: string;
  time?: Time;
}
export interface FieldsV1 {}
export interface OwnerReference {
  apiVersion: string;
  blockOwnerDeletion?: boolean;
  controller?: boolean;
  kind: string;
  name: string;
  uid: string;
}
export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  dataSource?: TypedLocalObjectReference;
  dataSourceRef?: TypedObjectReference;
  resources?: VolumeResourceRequirements;
  selector?: LabelSelector;
  storageClassName?: string;
  volumeAttributesClassName?: string;
  volumeMode?: string;
  volumeName?: string;
}
export interface TypedLocalObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
}
export interface TypedObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
  namespace?: string;
}
export interface VolumeResourceRequirements {
  limits?: {
    [k: string]: Quantity;
  };
  requests?: {
    [k: string]: Quantity;
  };
}
export interface FCVolumeSource {
  fsType?: string;
  lun?: number;
  readOnly?: boolean;
  targetWWNs?: string[];
  wwids?: string[];
}
export interface FlexVolumeSource {
  driver: string;
  fsType?: string;
  options?: {
    [k: string]: string;
  };
  readOnly?: boolean;
  secretRef?: LocalObjectReference;
}
export interface FlockerVolumeSource {
  datasetName?: string;
  datasetUUID?: string;
}
export interface GCEPersistentDiskVolumeSource {
  fsType?: string;
  partition?: number;
  pdName: string;
  readOnly?: boolean;
}
export interface GitRepoVolumeSource {
  directory?: string;
  repository: string;
  revision?: string;
}
export interface GlusterfsVolumeSource {
  endpoints: string;
  path: string;
  readOnly?: boolean;
}
export interface HostPathVolumeSource {
  path: string;
  type?: string;
}
export interface ImageVolumeSource {
  pullPolicy?: string;
  reference?: string;
}
export interface ISCSIVolumeSource {
  chapAuthDiscovery?: boolean;
  chapAuthSession?: boolean;
  fsType?: string;
  initiatorName?: string;
  iqn: string;
  iscsiInterface?: string;
  lun: number;
  portals?: string[];
  readOnly?: boolean;
  secretRef?: LocalObjectReference;
  targetPortal: string;
}
export interface NFSVolumeSource {
  path: string;
  readOnly?: boolean;
  server: string;
}
export interface PersistentVolumeClaimVolumeSource {
  claimName: string;
  readOnly?: boolean;
}
export interface PhotonPersistentDiskVolumeSource {
  fsType?: string;
  pdID: string;
}
export interface PortworxVolumeSource {
  fsType?: string;
  readOnly?: boolean;
  volumeID: string;
}
export interface ProjectedVolumeSource {
  defaultMode?: number;
  sources?: VolumeProjection[];
}
export interface VolumeProjection {
  clusterTrustBundle?: ClusterTrustBundleProjection;
  configMap?: ConfigMapProjection;
  downwardAPI?: DownwardAPIProjection;
  podCertificate?: PodCertificateProjection;
  secret?: SecretProjection;
  serviceAccountToken?: ServiceAccountTokenProjection;
}
export interface ClusterTrustBundleProjection {
  labelSelector?: LabelSelector;
  name?: string;
  optional?: boolean;
  path: string;
  signerName?: string;
}
export interface ConfigMapProjection {
  items?: KeyToPath[];
  name?: string;
  optional?: boolean;
}
export interface DownwardAPIProjection {
  items?: DownwardAPIVolumeFile[];
}
export interface PodCertificateProjection {
  certificateChainPath?: string;
  credentialBundlePath?: string;
  keyPath?: string;
  keyType: string;
  maxExpirationSeconds?: number;
  signerName: string;
}
export interface SecretProjection {
  items?: KeyToPath[];
  name?: string;
  optional?: boolean;
}
export interface ServiceAccountTokenProjection {
  audience?: string;
  expirationSeconds?: number;
  path: string;
}
export interface QuobyteVolumeSource {
  group?: string;
  readOnly?: boolean;
  registry: string;
  tenant?: string;
  user?: string;
  volume: string;
}
export interface RBDVolumeSource {
  fsType?: string;
  image: string;
  keyring?: string;
  monitors: string[];
  pool?: string;
  readOnly?: boolean;
  secretRef?: LocalObjectReference;
  user?: string;
}
export interface ScaleIOVolumeSource {
  fsType?: string;
  gateway: string;
  protectionDomain?: string;
  readOnly?: boolean;
  secretRef: LocalObjectReference;
  sslEnabled?: boolean;
  storageMode?: string;
  storagePool?: string;
  system: string;
  volumeName?: string;
}
export interface SecretVolumeSource {
  defaultMode?: number;
  items?: KeyToPath[];
  optional?: boolean;
  secretName?: string;
}
export interface StorageOSVolumeSource {
  fsType?: string;
  readOnly?: boolean;
  secretRef?: LocalObjectReference;
  volumeName?: string;
  volumeNamespace?: string;
}
export interface VsphereVirtualDiskVolumeSource {
  fsType?: string;
  storagePolicyID?: string;
  storagePolicyName?: string;
  volumePath: string;
}
export interface VolumeMount {
  mountPath: string;
  mountPropagation?: string;
  name: string;
  readOnly?: boolean;
  recursiveReadOnly?: string;
  subPath?: string;
  subPathExpr?: string;
}
export interface Container {
  args?: string[];
  command?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  image?: string;
  imagePullPolicy?: string;
  lifecycle?: Lifecycle;
  livenessProbe?: Probe;
  name: string;
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  resizePolicy?: ContainerResizePolicy[];
  resources?: ResourceRequirements;
  restartPolicy?: string;
  restartPolicyRules?: ContainerRestartRule[];
  securityContext?: SecurityContext;
  startupProbe?: Probe;
  stdin?: boolean;
  stdinOnce?: boolean;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  tty?: boolean;
  volumeDevices?: VolumeDevice[];
  volumeMounts?: VolumeMount[];
  workingDir?: string;
}
export interface Lifecycle {
  postStart?: LifecycleHandler;
  preStop?: LifecycleHandler;
  stopSignal?: string;
}
export interface LifecycleHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  sleep?: SleepAction;
  tcpSocket?: TCPSocketAction;
}
export interface ExecAction {
  command?: string[];
}
export interface HTTPGetAction {
  host?: string;
  httpHeaders?: HTTPHeader[];
  path?: string;
  port: IntOrString;
  scheme?: string;
}
export interface HTTPHeader {
  name: string;
  value: string;
}
export interface SleepAction {
  seconds: number;
}
export interface TCPSocketAction {
  host?: string;
  port: IntOrString;
}
export interface Probe {
  exec?: ExecAction;
  failureThreshold?: number;
  grpc?: GRPCAction;
  httpGet?: HTTPGetAction;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  tcpSocket?: TCPSocketAction;
  terminationGracePeriodSeconds?: number;
  timeoutSeconds?: number;
}
export interface GRPCAction {
  port: number;
  service?: string;
}
export interface ContainerPort {
  containerPort: number;
  hostIP?: string;
  hostPort?: number;
  name?: string;
  protocol?: string;
}
export interface ContainerResizePolicy {
  resourceName: string;
  restartPolicy: string;
}
export interface ContainerRestartRule {
  action: string;
  exitCodes?: ContainerRestartRuleOnExitCodes;
}
export interface ContainerRestartRuleOnExitCodes {
  operator: string;
  values?: number[];
}
export interface VolumeDevice {
  devicePath: string;
  name: string;
}
export interface StatefulSetPersistentVolumeClaimRetentionPolicy {
  whenDeleted?: string;
  whenScaled?: string;
}
export interface IngressTLS {
  hosts?: string[];
  secretName?: string;
}
export interface NetworkPolicyPeer {
  ipBlock?: IPBlock;
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
}
export interface IPBlock {
  cidr: string;
  except?: string[];
}

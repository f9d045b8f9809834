/* Generated from charts/flink/values.schema.json by `npm run gen:types`; do not edit. */

export type K8SList = {
  [k: string]: unknown;
}[];
export type EnvList = {
  name: string;
  [k: string]: unknown;
}[];
export type IntOrPercent = null | number | string;
export type Port = number;

/**
 * Values of the flink Helm chart (Apache Flink 2.2, standalone mode).
 */
export interface FlinkChartValues {
  /**
   * Helm's global values (unused by this chart).
   */
  global?: {
    [k: string]: unknown;
  };
  nameOverride?: string;
  fullnameOverride?: string;
  commonLabels?: StringMap;
  image?: {
    registry?: string;
    repository?: string;
    tag?: string;
    digest?: string;
    pullPolicy?: "Always" | "IfNotPresent" | "Never";
    pullSecrets?: (
      | string
      | {
          name: string;
        }
    )[];
  };
  mode?: "session" | "application";
  application?: {
    jobClassName?: string;
    jobId?: string;
    jars?: string[];
    fromSavepoint?: string;
    allowNonRestoredState?: boolean;
    args?: string[];
  };
  artifacts?: {
    source?: "image" | "pvc" | "initContainer";
    pvc?: {
      claimName?: string;
      subPath?: string;
    };
    initContainer?: {
      image?: string;
      copyFrom?: string;
      urls?: string[];
      resources?: Resources;
    };
  };
  /**
   * Flink configuration keys (flat or nested).
   */
  flinkConfiguration?: {
    [k: string]: unknown;
  };
  logging?: {
    rootLevel?: "OFF" | "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE" | "ALL";
    loggers?: {
      [k: string]: "OFF" | "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE" | "ALL";
    };
    console?: boolean;
    rollingFile?: {
      enabled?: boolean;
      maxFileSize?: string;
      maxBackups?: number;
    };
    extraConfig?: string;
  };
  podSecurityContext?: K8SObject;
  securityContext?: K8SObject;
  builtInPlugins?: string[];
  jobManager?: {
    replicas?: number;
    resources?: Resources;
    annotations?: StringMap;
    labels?: StringMap;
    podAnnotations?: StringMap;
    podLabels?: StringMap;
    nodeSelector?: StringMap;
    affinity?: K8SObject;
    tolerations?: K8SList;
    topologySpreadConstraints?: K8SList;
    priorityClassName?: string;
    terminationGracePeriodSeconds?: number;
    extraEnv?: EnvList;
    extraEnvFrom?: K8SList;
    extraVolumes?: K8SList;
    extraVolumeMounts?: K8SList;
    initContainers?: K8SList;
    sidecars?: K8SList;
    livenessProbe?: Probe;
    readinessProbe?: Probe;
    startupProbe?: Probe;
    podDisruptionBudget?: Pdb;
    ports?: {
      rpc?: Port;
      blob?: Port;
      webui?: Port;
    };
    service?: {
      annotations?: StringMap;
      labels?: StringMap;
    };
  };
  taskManager?: {
    replicas?: number;
    resources?: Resources;
    annotations?: StringMap;
    labels?: StringMap;
    podAnnotations?: StringMap;
    podLabels?: StringMap;
    nodeSelector?: StringMap;
    affinity?: K8SObject;
    tolerations?: K8SList;
    topologySpreadConstraints?: K8SList;
    priorityClassName?: string;
    terminationGracePeriodSeconds?: number;
    extraEnv?: EnvList;
    extraEnvFrom?: K8SList;
    extraVolumes?: K8SList;
    extraVolumeMounts?: K8SList;
    initContainers?: K8SList;
    sidecars?: K8SList;
    livenessProbe?: Probe;
    readinessProbe?: Probe;
    startupProbe?: Probe;
    podDisruptionBudget?: Pdb;
    kind?: "Deployment" | "StatefulSet";
    numberOfTaskSlots?: number;
    podManagementPolicy?: "Parallel" | "OrderedReady";
    ports?: {
      rpc?: Port;
    };
    persistence?: {
      enabled?: boolean;
      size?: string;
      storageClassName?: string;
      /**
       * @minItems 1
       */
      accessModes?: [
        "ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod" | "ReadOnlyMany",
        ...("ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod" | "ReadOnlyMany")[],
      ];
      mountPath?: string;
      retentionPolicy?: {
        whenDeleted?: "Retain" | "Delete";
        whenScaled?: "Retain" | "Delete";
      };
    };
    localRecovery?: {
      enabled?: boolean;
    };
    headlessService?: {
      annotations?: StringMap;
    };
  };
  rest?: {
    service?: {
      type?: "ClusterIP" | "NodePort" | "LoadBalancer";
      port?: Port;
      nodePort?: null | number;
      annotations?: StringMap;
      labels?: StringMap;
      loadBalancerSourceRanges?: string[];
      externalTrafficPolicy?: "" | "Cluster" | "Local";
      /**
       * Session affinity of the REST Service. Empty: ClientIP when jobManager.replicas > 1 (jar uploads are stored by the JobManager that received them), else None.
       */
      sessionAffinity?: "" | "None" | "ClientIP";
    };
  };
  ingress?: {
    enabled?: boolean;
    className?: string;
    annotations?: StringMap;
    hosts?: {
      host?: string;
      paths?: {
        path: string;
        pathType?: "Prefix" | "Exact" | "ImplementationSpecific";
      }[];
    }[];
    tls?: {
      secretName?: string;
      hosts?: string[];
    }[];
  };
  highAvailability?: {
    enabled?: boolean;
    clusterId?: string;
    storageDir?: string;
    restartStrategy?: {
      type?: "fixed-delay" | "exponential-delay" | "failure-rate" | "none";
      attempts?: number;
      delay?: string;
      maxDelay?: string;
    };
    leaderElection?: {
      leaseDuration?: string;
      renewDeadline?: string;
      retryPeriod?: string;
    };
    releaseLeaderLock?: {
      enabled?: boolean;
      resources?: Resources;
    };
    keepConfigMapsOnUninstall?: boolean;
  };
  storage?: {
    pvc?: {
      enabled?: boolean;
      existingClaim?: string;
      size?: string;
      storageClassName?: string;
      /**
       * @minItems 1
       */
      accessModes?: [
        "ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod",
        ...("ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod")[],
      ];
      mountPath?: string;
      /**
       * Keep the created PVC on helm uninstall.
       */
      keepOnUninstall?: boolean;
    };
    s3?: {
      enabled?: boolean;
      plugin?: "presto" | "hadoop";
      endpoint?: string;
      pathStyleAccess?: boolean;
      bucket?: string;
      prefix?: string;
      existingSecret?: string;
      accessKeyIdKey?: string;
      secretAccessKeyKey?: string;
    };
  };
  serviceAccount?: {
    create?: boolean;
    name?: string;
    annotations?: StringMap;
  };
  rbac?: {
    create?: boolean;
  };
  metrics?: {
    enabled?: boolean;
    port?: Port;
    podMonitor?: {
      enabled?: boolean;
      interval?: string;
      labels?: StringMap;
    };
    serviceMonitor?: {
      enabled?: boolean;
      interval?: string;
      labels?: StringMap;
    };
  };
  networkPolicy?: {
    enabled?: boolean;
    restFrom?: K8SList;
    metricsFrom?: K8SList;
  };
  tests?: {
    enabled?: boolean;
    attempts?: number;
  };
  helperResources?: Resources;
}
export interface StringMap {
  [k: string]: string;
}
export interface Resources {
  requests?: QuantityMap;
  limits?: QuantityMap;
  claims?: {}[];
}
export interface QuantityMap {
  [k: string]: string | number;
}
/**
 * A Kubernetes object, passed through (checked against the Kubernetes API schema when rendered).
 */
export interface K8SObject {
  [k: string]: unknown;
}
export interface Probe {
  enabled?: boolean;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
export interface Pdb {
  enabled?: boolean;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

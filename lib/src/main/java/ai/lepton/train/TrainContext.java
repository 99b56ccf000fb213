package ai.lepton.train;

import ai.lepton.spark.Progress;
import org.apache.spark.sql.SparkSession;

/**
 * What a trainer may use besides the data.
 *
 * @param spark the session
 * @param config the checked {@code lepton.train} config
 * @param runId this run's id
 * @param checkpointUri the folder where a trainer that checkpoints keeps its state (djl.mlp): on
 *     the model's store, so that any driver can resume the run
 * @param stagingUri a folder on the model's store, reached by every node, for writers that run on
 *     the executors (Spark ML); deleted when the model is written
 * @param resume true when {@code --resume} asked to continue {@code runId} from its checkpoint
 * @param progress where progress lines go
 */
record TrainContext(
    SparkSession spark,
    TrainConfig config,
    String runId,
    String checkpointUri,
    String stagingUri,
    boolean resume,
    Progress progress) {}

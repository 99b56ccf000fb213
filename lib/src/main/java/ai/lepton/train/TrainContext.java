package ai.lepton.train;

import ai.lepton.spark.Progress;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What a trainer may use besides the data.
 *
 * @param spark the session
 * @param config the checked {@code lepton.train} config
 * @param runId this run's id
 * @param checkpointDir where a trainer that checkpoints keeps its state (djl.mlp)
 * @param resume true when {@code --resume} asked to continue {@code runId} from its checkpoint
 * @param progress where progress lines go
 */
public record TrainContext(
    SparkSession spark,
    TrainConfig config,
    String runId,
    Path checkpointDir,
    boolean resume,
    Progress progress) {}

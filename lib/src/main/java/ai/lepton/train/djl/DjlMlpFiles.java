package ai.lepton.train.djl;

import ai.djl.MalformedModelException;
import ai.lepton.errors.Failures;
import ai.lepton.model.Activation;
import ai.lepton.model.DenseLayer;
import ai.lepton.model.DenseNetwork;
import ai.lepton.model.ModelException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link DenseNetwork} in DJL's native form: {@code mlp-0000.params} (DJL's parameter file, as
 * {@code Model.save} writes it) and {@code block.json} (the block: input size, then units and
 * activation per layer, output activation included), which is what DJL needs to rebuild the block
 * and load the parameters.
 */
public final class DjlMlpFiles {

  /** The block spec's file name. */
  public static final String BLOCK_FILE = "block.json";

  /** The model name DJL's parameter file starts with. */
  public static final String MODEL_NAME = "mlp";

  /** DJL's parameter file for {@link #MODEL_NAME} at epoch 0. */
  public static final String PARAMS_FILE = MODEL_NAME + "-0000.params";

  private static final String FORMAT = "lepton-djl-mlp";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DjlMlpFiles() {}

  /** Writes {@code network} into {@code modelDir} (created if needed); returns the two files. */
  public static List<Path> write(DenseNetwork network, Path modelDir) {
    try (LoadedMlp model = LoadedMlp.of(network)) {
      Files.createDirectories(modelDir);
      Files.write(
          modelDir.resolve(BLOCK_FILE),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(blockJson(network)));
      model.save(modelDir);
      return List.of(modelDir.resolve(BLOCK_FILE), modelDir.resolve(PARAMS_FILE));
    } catch (IOException e) {
      throw Failures.wrap(
          e,
          "write the DJL model files into " + modelDir,
          "Check that the folder is writable.",
          ModelException::new);
    }
  }

  /** The network stored in {@code modelDir} by {@link #write}, loaded through DJL. */
  public static DenseNetwork read(Path modelDir) {
    try (LoadedMlp model = open(modelDir)) {
      return model.network();
    }
  }

  /** The DJL model stored in {@code modelDir}. */
  static LoadedMlp open(Path modelDir) {
    Path block = modelDir.resolve(BLOCK_FILE);
    JsonNode spec;
    try {
      spec = JSON.readTree(block.toFile());
    } catch (IOException e) {
      throw new ModelException(
          "Cannot read the DJL block spec "
              + block
              + ": "
              + Failures.rootMessage(e)
              + ". The model directory must hold "
              + BLOCK_FILE
              + " and "
              + PARAMS_FILE
              + " as DjlMlpFiles.write made them.",
          e);
    }
    if (!FORMAT.equals(spec.path("format").asText())) {
      throw new ModelException(
          "Cannot read " + block + ": it is not a Lepton DJL block spec (format " + FORMAT + ").");
    }
    List<Integer> units = new ArrayList<>();
    List<Activation> activations = new ArrayList<>();
    for (JsonNode layer : spec.path("layers")) {
      units.add(layer.path("units").asInt());
      activations.add(
          Activation.valueOf(layer.path("activation").asText().toUpperCase(Locale.ROOT)));
    }
    try {
      return LoadedMlp.load(modelDir, spec.path("inputs").asInt(), units, activations);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new ModelException(
          "Cannot load the DJL parameters "
              + modelDir.resolve(PARAMS_FILE)
              + " for the block in "
              + block
              + ": "
              + Failures.rootMessage(e)
              + ". The two files must come from the same DjlMlpFiles.write.",
          e);
    }
  }

  private static ObjectNode blockJson(DenseNetwork network) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", 1);
    root.put("engine", DjlRuntime.ENGINE);
    root.put("parameters", PARAMS_FILE);
    root.put("inputs", network.inputs());
    ArrayNode layers = root.putArray("layers");
    for (DenseLayer layer : network.layers()) {
      ObjectNode l = layers.addObject();
      l.put("units", layer.outputs());
      l.put("activation", layer.activation().name().toLowerCase(Locale.ROOT));
    }
    return root;
  }
}

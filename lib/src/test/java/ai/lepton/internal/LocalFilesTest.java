package ai.lepton.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

  @TempDir Path tmp;

  @Test
  void deleteTreeRemovesNestedFoldersAndLeavesSiblings() throws IOException {
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/b/c.txt"), "c");
    Files.writeString(tree.resolve("top.txt"), "top");
    Path sibling = Files.writeString(tmp.resolve("sibling.txt"), "stays");

    LocalFiles.deleteTree(tree);

    assertThat(tree).doesNotExist();
    assertThat(sibling).hasContent("stays");
  }

  @Test
  void deletingAMissingOrNullFolderIsNotAnError() throws IOException {
    LocalFiles.deleteTree(tmp.resolve("never-made"));
    LocalFiles.deleteTree(null);
    LocalFiles.deleteScratch(tmp.resolve("never-made"));
    assertThat(tmp).isEmptyDirectory();
  }
}

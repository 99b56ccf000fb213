#!/usr/bin/env bash
# Lepton nightly pipeline on a Spark 3.5 standalone cluster: reconcile -> train -> quantize -> export,
# each step only after the previous one succeeded (exit 0). Run it from a machine that can reach the
# master; the driver runs here (client mode), so the config files are read from this machine.
#
#   SPARK_MASTER=spark://master:7077 LEPTON_JAR=/opt/lepton/lepton-jobs-0.1.0-SNAPSHOT-cluster.jar \
#   LEPTON_DATA_JAR=/opt/lepton/lepton-jobs-0.1.0-SNAPSHOT-data.jar \
#   LEPTON_CONF=/opt/lepton/conf/nightly conf/spark-submit/nightly-standalone.sh
#
# Spark does not ship Delta or the S3/Azure connectors: --packages adds them (resolved from Maven
# Central on first use, cached in ~/.ivy2). The RAPIDS profile is conf/spark-rapids.conf
# (--properties-file) on GPU workers.
set -euo pipefail

SPARK_SUBMIT="${SPARK_SUBMIT:-spark-submit}"
MASTER="${SPARK_MASTER:-spark://127.0.0.1:7077}"
JAR="${LEPTON_JAR:-/opt/lepton/lepton-jobs-0.1.0-SNAPSHOT-cluster.jar}"
DATA_JAR="${LEPTON_DATA_JAR:-/opt/lepton/lepton-jobs-0.1.0-SNAPSHOT-data.jar}"
CONF="${LEPTON_CONF:-/opt/lepton/conf/nightly}"
REPORTS="${LEPTON_REPORTS:-/var/tmp/lepton/reports}"
PACKAGES="io.delta:delta-spark_2.12:3.3.3,org.apache.hadoop:hadoop-aws:3.3.4,org.apache.hadoop:hadoop-azure:3.3.4"

mkdir -p "$REPORTS" 2>/dev/null || true

# Jobs that train and score nothing run from the data-jobs jar (17 MB instead of 147 MB, copied
# into every executor's folder per application); the others need the cluster jar.
submit() {
  local job="$1"
  shift
  local jar="$JAR"
  case "$job" in
    reconcile | sync | plan | runs) jar="$DATA_JAR" ;;
  esac
  "$SPARK_SUBMIT" \
    --master "$MASTER" \
    --deploy-mode client \
    --class ai.lepton.jobs.Main \
    --name "lepton-$job" \
    --packages "$PACKAGES" \
    --total-executor-cores 8 \
    --executor-cores 4 \
    --executor-memory 8g \
    --driver-memory 4g \
    --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
    --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
    "$jar" "$job" "$@" --report "$REPORTS/$job.json"
}

submit reconcile -c "$CONF/reconcile.conf"
submit train -c "$CONF/reconcile.conf" -c "$CONF/model.conf"
submit quantize -c "$CONF/reconcile.conf" -c "$CONF/model.conf"
submit export -c "$CONF/reconcile.conf" -c "$CONF/model.conf"

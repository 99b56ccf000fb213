#!/usr/bin/env bash
# Lepton nightly pipeline on a YARN cluster with Spark 3.5 (Hadoop, Cloudera, or EMR from the
# primary node): reconcile -> train -> quantize -> export, each step only after the previous one
# succeeded. Client mode: the driver runs here and reads the config files from this machine.
#
#   HADOOP_CONF_DIR=/etc/hadoop/conf LEPTON_JAR=hdfs:///apps/lepton/lepton-jobs-0.1.0-SNAPSHOT-cluster.jar \
#   LEPTON_DATA_JAR=hdfs:///apps/lepton/lepton-jobs-0.1.0-SNAPSHOT-data.jar \
#   LEPTON_CONF=/opt/lepton/conf/nightly conf/spark-submit/nightly-yarn.sh
#
# On EMR, Delta and the S3 connector are installed: drop --packages and add the delta-defaults
# classification (conf/emr/cluster.json). Set LEPTON_QUEUE to submit to a YARN queue.
set -euo pipefail

SPARK_SUBMIT="${SPARK_SUBMIT:-spark-submit}"
JAR="${LEPTON_JAR:-hdfs:///apps/lepton/lepton-jobs-0.1.0-SNAPSHOT-cluster.jar}"
DATA_JAR="${LEPTON_DATA_JAR:-hdfs:///apps/lepton/lepton-jobs-0.1.0-SNAPSHOT-data.jar}"
CONF="${LEPTON_CONF:-/opt/lepton/conf/nightly}"
REPORTS="${LEPTON_REPORTS:-/var/tmp/lepton/reports}"
QUEUE="${LEPTON_QUEUE:-default}"
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
    --master yarn \
    --deploy-mode client \
    --queue "$QUEUE" \
    --class ai.lepton.jobs.Main \
    --name "lepton-$job" \
    --packages "$PACKAGES" \
    --num-executors 4 \
    --executor-cores 4 \
    --executor-memory 10g \
    --driver-memory 4g \
    --conf spark.dynamicAllocation.enabled=false \
    --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
    --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
    "$jar" "$job" "$@" --report "$REPORTS/$job.json"
}

submit reconcile -c "$CONF/reconcile.conf"
submit train -c "$CONF/reconcile.conf" -c "$CONF/model.conf"
submit quantize -c "$CONF/reconcile.conf" -c "$CONF/model.conf"
submit export -c "$CONF/reconcile.conf" -c "$CONF/model.conf"

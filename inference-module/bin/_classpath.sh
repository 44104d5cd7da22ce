# Sourced by the scripts in this folder: resolves the module's runtime classpath (built by Maven).
module_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_dir="$(cd "$module_dir/.." && pwd)"
if [[ ! -f "$module_dir/target/classpath.txt" || ! -d "$module_dir/target/classes" ]]; then
  echo "$(basename "$0"): build the module first: (cd $repo_dir && ./mvnw -B -pl inference-module -am install -DskipTests)" >&2
  exit 2
fi
module_cp="$module_dir/target/classes:$(cat "$module_dir/target/classpath.txt")"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
java_opts=(-Dorg.bytedeco.javacpp.cachedir="${JAVACPP_CACHEDIR:-$repo_dir/target/javacpp}"
           -Dneurofhir.models.dir="${NEUROFHIR_MODELS_DIR:-$repo_dir/models}")

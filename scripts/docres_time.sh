#!/bin/bash
# Min user+sys CPU seconds over N runs of `dyad code` before/after resolution stages.
C=${1:-../shared/corpus/guardian-syria-iraq.jsonl}
B=normalize,tokenize,segment,actors,events,time,geo
for i in $(seq 1 9); do
  /usr/bin/time -f "before %e %U %S" build/dyad code --quiet -j1 --stages $B $C > /dev/null
  /usr/bin/time -f "after %e %U %S" build/dyad code --quiet -j1 $C > /dev/null
done 2>&1 | awk '{cpu=$3+$4; if(!($1 in min)||cpu<min[$1]) min[$1]=cpu; if(!($1 in mine)||$2<mine[$1]) mine[$1]=$2; sum[$1]+=cpu; n[$1]++} END {for (k in min) printf "%s: min cpu %.2f s, mean cpu %.2f s, min elapsed %.2f s\n", k, min[k], sum[k]/n[k], mine[k]}'

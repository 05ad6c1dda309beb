#!/usr/bin/env bash
# Measures GET /needs/{id}/proposals on the demo city with its resources and published
# projects multiplied by 10 (the demo's --scale does not exist yet: issue 20).
set -eu
D=/tmp/perf; rm -rf $D; mkdir -p $D
Y=${Y:-target/debug/youai}
$Y seed-demo --database-url sqlite://$D/y.db --data-key-file $D/key >/dev/null
sqlite3 $D/y.db "SELECT 'before', (SELECT COUNT(*) FROM resources), (SELECT COUNT(*) FROM projects WHERE status='published');"
for i in 1 2 3 4 5 6 7 8 9; do
  sqlite3 $D/y.db "INSERT INTO resources (kind,title,description,provider_agency_id,provider_team_id,level,area_id,topics,target_groups,capacity,unit,period,available_from,available_until,status,created_by,created_at,updated_at) SELECT kind,title||'·$i',description,provider_agency_id,provider_team_id,level,area_id,topics,target_groups,capacity,unit,period,available_from,available_until,status,created_by,created_at,updated_at FROM resources WHERE title NOT LIKE '%·%';
  INSERT INTO projects (title,description,category,target_groups,level,area_id,owner_team_id,owner_agency,status,batch_id,review_reason,published_at,created_by,created_at,updated_at,owner_agency_id) SELECT title||'·$i',description,category,target_groups,level,area_id,owner_team_id,owner_agency,status,batch_id,review_reason,published_at,created_by,created_at,updated_at,owner_agency_id FROM projects WHERE status='published' AND title NOT LIKE '%·%';"
done
sqlite3 $D/y.db "SELECT 'after', (SELECT COUNT(*) FROM resources), (SELECT COUNT(*) FROM projects WHERE status='published');"
$Y serve --database-url sqlite://$D/y.db --bind 127.0.0.1:18080 --data-key-file $D/key --workers 1 >$D/serve.log 2>&1 &
PID=$!; trap "kill $PID" EXIT
for i in $(seq 50); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf -X POST http://127.0.0.1:18080/api/v1/auth/login -H 'content-type: application/json' -d '{"phone":"13800000001","password":"youai-demo-2026"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
JINDU=$(sqlite3 $D/y.db "SELECT id FROM areas WHERE name='金都社区'")
NEED=$(sqlite3 $D/y.db "SELECT id FROM needs WHERE area_id=$JINDU AND status='accepted' ORDER BY id LIMIT 1")
echo "need $NEED in 金都社区 ($JINDU)"
curl -sf http://127.0.0.1:18080/api/v1/needs/$NEED/proposals -H "authorization: Bearer $TOKEN" | python3 -c 'import sys,json;l=json.load(sys.stdin);print(len(l),"proposals; first:",l[0]["kind"],l[0]["title"],l[0]["score"]) if l else print("none")'
for i in $(seq 100); do curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:18080/api/v1/needs/$NEED/proposals -H "authorization: Bearer $TOKEN"; done | sort -n | awk '{a[NR]=$1} END {printf "proposals: p50 %.1f ms, p90 %.1f ms, max %.1f ms over %d requests\n", a[int(NR*0.5)]*1000, a[int(NR*0.9)]*1000, a[NR]*1000, NR}'
for i in $(seq 100); do curl -s -o /dev/null -w '%{time_total}\n' http://127.0.0.1:18080/healthz; done | sort -n | awk '{a[NR]=$1} END {printf "healthz (floor): p50 %.1f ms over %d requests\n", a[int(NR*0.5)]*1000, NR}'

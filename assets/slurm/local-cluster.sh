#!/usr/bin/env bash
# A real Slurm cluster of one node, this machine, for trying parlab's Slurm
# mode and for parlab's own tests: munge, slurmctld and slurmd from the
# distribution's packages, configured for a machine without systemd or
# cgroups (process tracking by /proc, no task plugin), all of its cores in
# one partition. Run as root. Idempotent: a running cluster is left as it is.
#
#   bash assets/slurm/local-cluster.sh          install (Debian/Ubuntu), configure, start
#   bash assets/slurm/local-cluster.sh stop     stop the daemons
#   bash assets/slurm/local-cluster.sh status   sinfo
#
# It writes /etc/slurm/slurm.conf (the previous one is kept as
# slurm.conf.parlab-backup) and keeps its state under /var/lib/parlab-slurm.
# Logs: /var/log/parlab-slurm/{slurmctld,slurmd}.log.
set -euo pipefail

STATE=/var/lib/parlab-slurm
LOGS=/var/log/parlab-slurm
CONF=/etc/slurm/slurm.conf

say() { printf 'local-cluster: %s\n' "$*" >&2; }

# Pids of running processes named exactly $1 (through /proc: a minimal
# system may lack procps' pgrep).
pids_of() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = "$1" ] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}
running() { [ -n "$(pids_of "$1")" ]; }

need_root() {
    if [ "$(id -u)" != 0 ]; then
        say "run as root (it installs packages and starts daemons)"
        exit 1
    fi
}

install_packages() {
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null \
        && command -v munged >/dev/null && command -v srun >/dev/null; then
        return
    fi
    if ! command -v apt-get >/dev/null; then
        say "install slurmctld, slurmd, slurm-client and munge with your distribution's package manager"
        exit 1
    fi
    say "installing slurmctld slurmd slurm-client munge"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge >/dev/null
}

start_munge() {
    if running munged; then
        return
    fi
    if [ ! -s /etc/munge/munge.key ]; then
        if command -v mungekey >/dev/null; then
            mungekey --create --force
        else
            dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
        fi
    fi
    chown munge:munge /etc/munge /etc/munge/munge.key
    chmod 0700 /etc/munge
    chmod 0600 /etc/munge/munge.key
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do
        munge -n >/dev/null 2>&1 && return
        sleep 0.1
    done
    say "munged did not start: see /var/log/munge/munged.log"
    exit 1
}

write_config() {
    local host cpus memory
    host=$(hostname -s)
    cpus=$(nproc --all)
    # Leave the system some memory; Slurm refuses a node that claims more
    # than it has.
    memory=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
    mkdir -p /etc/slurm "$STATE/ctld" "$STATE/d" "$LOGS"
    if [ -f "$CONF" ] && ! grep -q '^# parlab local cluster' "$CONF"; then
        cp "$CONF" "$CONF.parlab-backup"
    fi
    cat >"$CONF" <<CONF
# parlab local cluster: one node, this machine (assets/slurm/local-cluster.sh)
ClusterName=parlab
MailProg=/bin/true
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
# No systemd and no cgroup controllers needed: processes are tracked
# through /proc and tasks are not bound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
KillWait=5
InactiveLimit=0
MinJobAge=5
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
}

start_slurm() {
    if ! running slurmctld; then
        /usr/sbin/slurmctld -i
    fi
    if ! running slurmd; then
        /usr/sbin/slurmd
    fi
    local host
    host=$(hostname -s)
    for _ in $(seq 100); do
        state=$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
        case "$state" in
        idle* | mixed* | allocated*)
            say "up: node $host ($state), $(nproc --all) CPUs, partition debug"
            return
            ;;
        down* | drain*)
            scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
            ;;
        esac
        sleep 0.2
    done
    say "Slurm did not come up; the logs are in $LOGS"
    tail -n 20 "$LOGS/slurmctld.log" "$LOGS/slurmd.log" >&2 || true
    exit 1
}

stop() {
    local name pid
    for name in slurmd slurmctld; do
        pid=$(cat "$STATE/$name.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
            kill "$pid"
        fi
    done
    say "stopped slurmctld and slurmd (munged left running)"
}

case "${1:-start}" in
start)
    need_root
    install_packages
    start_munge
    started=$(date +%s%N)
    if ! running slurmctld || ! grep -q '^# parlab local cluster' "$CONF" 2>/dev/null; then
        write_config
    fi
    start_slurm
    say "ready in $(((($(date +%s%N) - started) / 1000000))) ms"
    ;;
stop)
    need_root
    stop
    ;;
status)
    sinfo
    ;;
*)
    say "usage: $0 [start|stop|status]"
    exit 2
    ;;
esac

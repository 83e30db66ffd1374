#!/usr/bin/env bash
# A throwaway PostgreSQL for the store tests, on 127.0.0.1:55432.
#
#   source .ci/postgres.sh     # exports IL6BOT_POSTGRES in this shell
#   bash .ci/postgres.sh       # prints the export line
#
# Idempotent: a server this script started and that still runs is reused; otherwise a fresh cluster is
# created. Installs Debian's postgresql package (as root) when no server binaries are present.
# Settings: IL6BOT_PG_DIR (cluster folder, default ${TMPDIR:-/tmp}/il6bot-postgres), IL6BOT_PG_PORT.

il6bot_postgres_main() {
    set -euo pipefail
    local dir="${IL6BOT_PG_DIR:-${TMPDIR:-/tmp}/il6bot-postgres}"
    local port="${IL6BOT_PG_PORT:-55432}"
    local db=il6bot_test user=il6bot_test

    log() { echo "postgres.sh: $*" >&2; }

    find_bindir() {
        local candidate
        candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
        if [[ -n "$candidate" && -x "$candidate/initdb" ]]; then
            echo "$candidate"
        elif command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
            pg_config --bindir
        fi
    }

    local bindir
    bindir="$(find_bindir)"
    if [[ -z "$bindir" ]]; then
        if [[ "$(id -u)" != 0 ]]; then
            log "PostgreSQL is not installed and this is not root; run as root or install the postgresql package."
            return 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        # The package lists are only refreshed when the install cannot find the package without them.
        if ! apt-get install -y -q postgresql >&2; then
            log "apt-get install failed; refreshing package lists"
            apt-get update -q >&2
            apt-get install -y -q postgresql >&2
        fi
        bindir="$(find_bindir)"
        [[ -n "$bindir" ]] || { log "postgresql installed but initdb not found"; return 1; }
    fi

    # As root the cluster belongs to the postgres account (the server refuses to run as root).
    local owner run_as=()
    if [[ "$(id -u)" == 0 ]]; then
        owner=postgres
        run_as=(runuser -u postgres --)
    else
        owner="$(id -un)"
    fi

    local data="$dir/data" pwfile="$dir/password"
    if [[ -f "$pwfile" ]] && "${run_as[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "reusing the running server in $dir"
    else
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
            log "port $port is taken by another server; set IL6BOT_PG_PORT or stop it"
            return 1
        fi
        if [[ -d "$data" ]]; then
            "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
        mkdir -p "$dir"
        chmod 755 "$dir"
        chown "$owner" "$dir"
        # A new password per cluster; kept beside it (readable by the owner only) for reuse.
        (umask 077; head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$pwfile")
        # Local socket connections are trusted (only the setup below uses them); TCP needs the password.
        "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --no-locale >/dev/null
        # fsync off: a test cluster that is thrown away does not need durability, and it is much faster.
        "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2
        local password
        password="$(cat "$pwfile")"
        "$bindir/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE ROLE $user LOGIN PASSWORD '$password'" \
            -c "CREATE DATABASE $db OWNER $user" >&2
        log "started PostgreSQL ($bindir) in $dir on 127.0.0.1:$port"
    fi

    echo "Host=127.0.0.1;Port=$port;Database=$db;Username=$user;Password=$(cat "$pwfile")"
}

if il6bot_postgres_connection="$( (il6bot_postgres_main) )"; then
    export IL6BOT_POSTGRES="$il6bot_postgres_connection"
    echo "export IL6BOT_POSTGRES=\"$IL6BOT_POSTGRES\""
    unset il6bot_postgres_connection
else
    echo "postgres.sh: could not start PostgreSQL" >&2
    unset il6bot_postgres_connection
    # return when sourced, exit when run.
    return 1 2>/dev/null || exit 1
fi

#!/bin/sh
# Run once by the postgres image on a fresh data directory: the replica of the `scale` profile
# connects as the database owner (a superuser in this image) with its password.
echo 'host replication zero all scram-sha-256' >> "$PGDATA/pg_hba.conf"

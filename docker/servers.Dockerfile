# The servers of every backend, from Debian's archive: one image, each server a container
# the harness starts with its own command line. The harness builds it (the build argument
# BASE is the base image it chose) and tags it electionjepsen/servers.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

ENV DEBIAN_FRONTEND=noninteractive

# redis-server (redis, redlock), etcd-server and etcd-client (etcd, kubernetes), zookeeper
# and the JRE it runs on, postgresql; libfaketime for the clock nemesis; iproute2, procps and
# util-linux for looking inside a container (ip, ps, kill, nsenter). Debian's packages start
# no service here: the harness starts every server itself, each with a data folder of its
# own, so postgresql is told not to make its default cluster.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
      redis-server \
      etcd-server etcd-client \
      zookeeper default-jre-headless \
      postgresql \
      libfaketime faketime \
      iproute2 procps util-linux \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb

CMD ["sleep", "infinity"]

#!/bin/sh
# The official nginx image's template step (20-envsubst-on-templates.sh), for the Debian-packaged stand-in:
# each /etc/nginx/templates/NAME.template becomes /etc/nginx/conf.d/NAME with the environment's values of the
# variables whose names match NGINX_ENVSUBST_FILTER (all defined ones when it is unset).
set -eu
if [ "${1:-}" = nginx ]; then
    filter="${NGINX_ENVSUBST_FILTER:-}"
    defined=$(env | cut -d= -f1 | grep -E "${filter:-.}" | sed 's/^/${/; s/$/}/' | tr '\n' ' ')
    for template in /etc/nginx/templates/*.template; do
        [ -e "$template" ] || continue
        output="/etc/nginx/conf.d/$(basename "$template" .template)"
        envsubst "$defined" <"$template" >"$output"
        echo "$0: $template -> $output" >&2
    done
fi
exec "$@"

package io.jobqueue.rabbitmq;

/**
 * The names of what this backend declares. A pipeline {@code p} has the queues {@code <prefix>:p} (ready),
 * {@code <prefix>:p:buried} and {@code <prefix>:p:delay:<k>} (one per delay level in use); pipeline names
 * cannot contain {@code :}, so no pipeline's queue can be another's. The delay exchanges are shared by all
 * pipelines: {@code <prefix>.delay.<k>} and {@code <prefix>.delay.due}.
 */
record Names(String prefix) {

    String ready(String pipeline) {
        return prefix + ":" + pipeline;
    }

    String buried(String pipeline) {
        return prefix + ":" + pipeline + ":buried";
    }

    String delayQueue(String pipeline, int level) {
        return prefix + ":" + pipeline + ":delay:" + level;
    }

    String delayExchange(int level) {
        return prefix + ".delay." + level;
    }

    /** Where a delay ends: bound to each pipeline's ready queue by the pipeline header. */
    String dueExchange() {
        return prefix + ".delay.due";
    }

    /** The exchange a message leaving delay level {@code level} goes to next. */
    String afterLevel(int level) {
        return level == 0 ? dueExchange() : delayExchange(level - 1);
    }
}

package io.hakeeper.core.election;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * The elector's one thread. A task that throws is never silent: a plain executor keeps what a task threw inside its
 * {@link Future}, which nobody reads, and the thread goes on as if nothing happened. The chaos lab met exactly that:
 * an RM's activation died of an {@link OutOfMemoryError} half way, and its elector held the lock, with a live
 * session, for as long as the process lived, while the other RM stood by. Whatever escapes a task goes to
 * {@code onFailure}, on this thread.
 *
 * <p>Every task counts, also one {@link #submit}ted for a caller who reads its future: the elector's own steps do not
 * throw by design, so anything that does is a bug or a dying JVM. Callbacks arriving after shutdown are dropped.
 */
final class ElectorLoop extends ScheduledThreadPoolExecutor {
    private final Consumer<Throwable> onFailure;

    ElectorLoop(String name, Consumer<Throwable> onFailure) {
        super(1, r -> {
            Thread t = new Thread(r, "elector-" + name);
            t.setDaemon(true);
            return t;
        }, new DiscardPolicy());
        this.onFailure = onFailure;
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        super.afterExecute(task, thrown);
        Throwable failure = thrown != null ? thrown : failureOf(task);
        if (failure != null && !isShutdown()) {
            onFailure.accept(failure);
        }
    }

    /** What a finished task threw, read from its future (the executor wraps every task in one). */
    private static Throwable failureOf(Runnable task) {
        if (task instanceof Future<?> f && f.isDone() && !f.isCancelled()) {
            try {
                f.get();
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (CancellationException | InterruptedException e) {
                return null; // not a failure of the task (and a done future does not block)
            }
        }
        return null;
    }
}

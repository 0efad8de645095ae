/* helper.c: the thread beside the main one (helper.h). */
#include "core/helper.h"

#include <pthread.h>
#include <stdlib.h>

struct tb_helper_job {
	struct tb_helper_job *next;
	void (*fn)(void *);
	void *arg;
	bool done;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool started, early_done, quitting;
static void (*early_fn)(void);
static tb_helper_job *head, *tail;

static void *run(void *unused)
{
	early_fn();
	pthread_mutex_lock(&mu);
	early_done = true;
	pthread_cond_broadcast(&cv);
	for (;;) {
		tb_helper_job *j;
		while (!head && !quitting)
			pthread_cond_wait(&cv, &mu);
		if (!(j = head))
			break;
		if (!(head = j->next))
			tail = NULL;
		pthread_mutex_unlock(&mu);
		j->fn(j->arg);
		pthread_mutex_lock(&mu);
		j->done = true;
		pthread_cond_broadcast(&cv);
	}
	pthread_mutex_unlock(&mu);
	return unused;
}

static void stop(void)
{
	pthread_mutex_lock(&mu);
	quitting = true;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(thread, NULL);
}

bool tb_helper_start(void (*early)(void))
{
	bool ok = false;
	pthread_mutex_lock(&mu);
	if (!started) {
		early_fn = early;
		started = ok = pthread_create(&thread, NULL, run, NULL) == 0;
	}
	pthread_mutex_unlock(&mu);
	if (ok)
		atexit(stop);
	return ok;
}

void tb_helper_wait_early(void)
{
	pthread_mutex_lock(&mu);
	while (started && !early_done)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
}

tb_helper_job *tb_helper_post(void (*fn)(void *), void *arg)
{
	tb_helper_job *j = NULL;
	pthread_mutex_lock(&mu);
	if (started && !quitting && (j = calloc(1, sizeof *j)) != NULL) {
		j->fn = fn;
		j->arg = arg;
		if (tail)
			tail->next = j;
		else
			head = j;
		tail = j;
		pthread_cond_broadcast(&cv);
	}
	pthread_mutex_unlock(&mu);
	return j;
}

void tb_helper_join(tb_helper_job *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&mu);
	while (!j->done)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	free(j);
}

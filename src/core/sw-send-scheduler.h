/* sw-send-scheduler.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SW_SEND_SCHEDULER_REPEAT_INTERVAL_MIN      1
#define SW_SEND_SCHEDULER_REPEAT_INTERVAL_MAX      3600000
#define SW_SEND_SCHEDULER_REPEAT_INTERVAL_DEFAULT  1000
#define SW_SEND_SCHEDULER_TIMES_MAX                1000000000

/* While the connection holds more than this many bytes it has not taken,
 * copies wait and repeats that fall due are skipped: never a queue that
 * grows without end. */
#define SW_SEND_SCHEDULER_BACKLOG_MAX              (256 * 1024)

#define SW_TYPE_SEND_SCHEDULER (sw_send_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (SwSendScheduler, sw_send_scheduler, SW, SEND_SCHEDULER, GObject)

/* The bytes to send next (a new reference), or %NULL when there is
 * nothing to send: that ends a run. Asked before every copy, so that a
 * changed message applies to the next one. */
typedef GBytes  *(*SwSendSchedulerPayloadFunc) (gpointer  user_data);
/* Sends one copy; %FALSE when it could not be sent, which ends the run.
 * It may also call sw_send_scheduler_stop(). */
typedef gboolean (*SwSendSchedulerSendFunc)    (GBytes   *payload,
                                                gpointer  user_data);
/* Bytes the connection holds that it has not sent yet. */
typedef guint64  (*SwSendSchedulerBacklogFunc) (gpointer  user_data);

/* Decides when a message goes out: once, #SwSendScheduler:times times as
 * fast as the connection takes them, and again every
 * #SwSendScheduler:repeat-interval ms when #SwSendScheduler:repeat is
 * armed, until stopped. Runs on the thread-default main context of
 * sw_send_scheduler_start(). */
SwSendScheduler *sw_send_scheduler_new                 (void);

/* How a copy goes out (required before starting). */
void             sw_send_scheduler_set_send_func       (SwSendScheduler            *self,
                                                        SwSendSchedulerSendFunc     func,
                                                        gpointer                    user_data,
                                                        GDestroyNotify              destroy);
/* A fixed message, used when there is no payload function. */
GBytes          *sw_send_scheduler_get_payload         (SwSendScheduler            *self);
void             sw_send_scheduler_set_payload         (SwSendScheduler            *self,
                                                        GBytes                     *payload);
void             sw_send_scheduler_set_payload_func    (SwSendScheduler            *self,
                                                        SwSendSchedulerPayloadFunc  func,
                                                        gpointer                    user_data,
                                                        GDestroyNotify              destroy);
/* Lets copies wait for the connection instead of piling up in it. */
void             sw_send_scheduler_set_backlog_func    (SwSendScheduler            *self,
                                                        SwSendSchedulerBacklogFunc  func,
                                                        gpointer                    user_data,
                                                        GDestroyNotify              destroy);

/* Armed: the next start repeats until stopped. Disarming a repeating
 * run stops it. */
gboolean         sw_send_scheduler_get_repeat          (SwSendScheduler            *self);
void             sw_send_scheduler_set_repeat          (SwSendScheduler            *self,
                                                        gboolean                    repeat);
guint            sw_send_scheduler_get_repeat_interval (SwSendScheduler            *self);
void             sw_send_scheduler_set_repeat_interval (SwSendScheduler            *self,
                                                        guint                       interval_ms);
/* Copies each send (and each repeat) sends, one right after another. */
guint            sw_send_scheduler_get_times           (SwSendScheduler            *self);
void             sw_send_scheduler_set_times           (SwSendScheduler            *self,
                                                        guint                       times);

/* Sends once, at once, when neither times nor repeat ask for more;
 * otherwise starts a run (#SwSendScheduler:active) whose copies go out
 * from the main loop. Returns %FALSE when a run is going on already or
 * the one copy could not be sent. */
gboolean         sw_send_scheduler_start               (SwSendScheduler            *self);
/* Ends the run: no copy goes out after it. Does nothing without one. */
void             sw_send_scheduler_stop                (SwSendScheduler            *self);
/* Whether a run is going on. */
gboolean         sw_send_scheduler_get_active          (SwSendScheduler            *self);
/* Whether the run going on repeats (it started with repeat armed). */
gboolean         sw_send_scheduler_get_repeating       (SwSendScheduler            *self);
/* Copies sent by the run going on, or by the last one. Notified at most
 * ten times a second while they go out, and when the run ends. */
guint64          sw_send_scheduler_get_sent            (SwSendScheduler            *self);

G_END_DECLS

/*
 * chart-heatmap.c - the 5 x 5 risk heat map: how many risks sit at each
 * likelihood and impact, coloured by band, with the movement since the
 * last period.
 *
 * Bands are configuration (organisations draw them differently); each
 * band has a tint and a hatch, and every cell shows its score, so a
 * reader can tell the band from the key without the colour. Movement is
 * written "+1" or "−2" in the cell's corner rather than shown by colour.
 * The bands themselves, and the map in words, need no drawing: they are
 * in chart-text.c and chart-describe.c.
 */
#include "chart/chart-int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void
band_label(const struct chart *c, size_t b, char *buf, size_t size)
{
	int lo = heat_band_lo(c, b), hi = heat_band_hi(c, b);

	if (hi <= lo)
		snprintf(buf, size, "%s (%d)", heat_band_name(c, b), lo);
	else
		snprintf(buf, size, "%s (%d\xe2\x80\x93%d)", heat_band_name(c, b), lo, hi);
}

int
chart_draw_heatmap(struct cx *x)
{
	const struct chart *c = x->c;
	const struct chart_heatmap *hm = &c->heat;
	size_t nb = heat_band_count(c), b;
	struct legend_entry e[12];
	char labels[5][96];	/* chart_check() allows at most 5 bands */
	double fh = cx_font_height(x, FONT_SMALL), lw = 0, top, bottom, cw, ch;
	double gx0, gy0, gw, gh, avail_w;
	int l, i, total = 0, ptotal = 0;
	char buf[96];
	const char *ylab = c->y_label ? c->y_label : "Likelihood";
	const char *xlab = c->x_label ? c->x_label : "Impact";

	memset(e, 0, sizeof(e));
	for (b = 0; b < nb; b++) {
		band_label(c, b, labels[b], sizeof(labels[b]));
		e[b].label = labels[b];
		e[b].kind = LEG_BOX;
		e[b].ink = heat_band_ink(c, b);
	}
	if (hm->has_previous) {
		e[nb].label = "change in count since last period";
		e[nb].kind = LEG_SAMPLE;
		e[nb].sample = "+1";
	}
	for (l = 0; l < 5; l++)
		for (i = 0; i < 5; i++) {
			total += hm->count[l][i];
			if (hm->has_previous)
				ptotal += hm->previous[l][i];
		}
	if (cx_frame(x, e, total || ptotal ? nb + (hm->has_previous ? 1 : 0) : 0,
		     "bands"))
		goto out;
	if (total == 0 && ptotal == 0) {
		cx_no_data(x, "No risks are scored in this period.");
		goto out;
	}

	/* labels: "5 Almost certain" at the left, "4 Major" under the columns */
	for (l = 0; l < 5; l++) {
		snprintf(buf, sizeof(buf), "%d  %s", l + 1, heat_likelihood(c, l));
		lw = fmax(lw, cx_text_width(x, FONT_SMALL, buf));
	}
	lw = fmin(lw, x->pw * 0.32);
	top = x->py + cx_font_height(x, FONT_BODY) + 6;
	bottom = x->py + x->ph - 2 * fh - 8 - cx_font_height(x, FONT_BODY) - 4;
	avail_w = x->pw - lw - 10;
	ch = fmin((bottom - top) / 5, 70);
	cw = fmin(avail_w / 5, fmax(ch * 1.6, 44));
	if (ch < 14 || cw < 20) {
		cx_no_room(x);
		goto out;
	}
	gw = cw * 5;
	gh = ch * 5;
	/* the block of labels and grid sits centred under the key */
	gx0 = x->px + lw + 10 + fmax(0, (avail_w - gw) / 2 - (lw + 10) / 2);
	if (gx0 < x->px + lw + 10)
		gx0 = x->px + lw + 10;
	gy0 = top;

	cx_text(x, FONT_BODY, ylab, gx0 - lw - 10, x->py, HA_LEFT, VA_TOP,
		RGB_SECONDARY, x->pw);
	for (l = 0; l < 5; l++) {
		double ty = gy0 + (4 - l) * ch;

		snprintf(buf, sizeof(buf), "%d  %s", l + 1, heat_likelihood(c, l));
		cx_text(x, FONT_SMALL, buf, gx0 - 8, ty + ch / 2, HA_RIGHT,
			VA_MIDDLE, RGB_TEXT, lw);
		for (i = 0; i < 5; i++) {
			double tx = gx0 + i * cw;
			int score = (l + 1) * (i + 1), n = hm->count[l][i];
			enum chart_ink ink = heat_band_ink(c, heat_band_of(c, score));
			uint32_t bg = ink_rgb(ink), fg = ink_text_rgb(ink);

			cx_fill_ink(x, ink, tx + 1, ty + 1, cw - 2, ch - 2);
			snprintf(buf, sizeof(buf), "%d", score);
			cx_chip(x, FONT_SMALL, buf, tx + 4 + cx_text_width(x, FONT_SMALL, buf) / 2,
				ty + 3 + fh / 2, bg, fg, cw / 2, ch / 2);
			if (n > 0) {
				fmt_number(buf, sizeof(buf), n, 0);
				if (cx_chip(x, FONT_BIG, buf, tx + cw / 2, ty + ch / 2,
					    bg, RGB_TEXT, cw - 4, ch - 2 * fh))
					cx_chip(x, FONT_BOLD, buf, tx + cw / 2, ty + ch / 2,
						bg, RGB_TEXT, cw - 2, ch - 2);
			}
			if (hm->has_previous && n != hm->previous[l][i]) {
				int d = n - hm->previous[l][i];

				snprintf(buf, sizeof(buf), "%s%d", d > 0 ? "+" : "\xe2\x88\x92",
					 d > 0 ? d : -d);
				cx_chip(x, FONT_BOLD, buf,
					tx + cw - 4 - cx_text_width(x, FONT_BOLD, buf) / 2,
					ty + ch - 3 - fh / 2, bg, fg, cw / 2, ch / 2);
			}
		}
	}
	for (i = 0; i < 5; i++) {
		struct cx_run t;

		snprintf(buf, sizeof(buf), "%d\n%s", i + 1, heat_impact(c, i));
		cx_run_make(x, &t, FONT_SMALL, buf, cw - 2, 2, 1);
		cx_run_show(x, &t, gx0 + i * cw + 1, gy0 + gh + 5, RGB_TEXT);
		cx_run_release(&t);
	}
	cx_text(x, FONT_BODY, xlab, gx0 + gw / 2, x->py + x->ph, HA_CENTRE,
		VA_BOTTOM, RGB_SECONDARY, x->pw);
out:
	return 0;
}

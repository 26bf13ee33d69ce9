# Independent reference values for the mcstats test suite, computed with R (psych, car).
#
#   Rscript tests/reference/reference.R          (from the repository root, or anywhere)
#
# Reads tests/reference/datasets/manifest.json and each dataset (the codes file for ds4),
# recodes reverse-keyed items (points + 1 - x), and writes
# tests/reference/expected/<dataset>.json with numbers at 17 significant digits.
# JSON is written by a small serializer below (no jsonlite needed), so that every double
# is printed with sprintf("%.17g") and integers (counts, df of Levene) stay integers.

suppressPackageStartupMessages({
  library(psych)
  library(car)
})

args_all <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(file_arg)) dirname(normalizePath(file_arg)) else normalizePath("tests/reference")
ds_dir <- file.path(here, "datasets")
out_dir <- file.path(here, "expected")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

# ---------------------------------------------------------------- tiny JSON reader/writer
# The manifest is read with jsonlite if available, otherwise with a minimal parser.
read_manifest <- function(path) {
  if (requireNamespace("jsonlite", quietly = TRUE)) {
    return(jsonlite::fromJSON(path, simplifyVector = FALSE))
  }
  stop("jsonlite is needed to read manifest.json (apt-get install r-cran-jsonlite)")
}

json_str <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  paste0("\"", s, "\"")
}

json_num <- function(x) {
  if (is.na(x) || !is.finite(x)) return("null")
  if (is.integer(x)) return(as.character(x))
  s <- sprintf("%.17g", x)
  s
}

# A "json array" is marked with class "jarray" so length-1 vectors can still be arrays.
jarray <- function(x) structure(as.list(x), class = "jarray")

to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  pad1 <- strrep("  ", indent + 1)
  if (is.null(x)) return("null")
  if (inherits(x, "jarray")) {
    x <- unclass(x)
    if (length(x) == 0) return("[]")
    parts <- vapply(x, to_json, character(1), indent = indent + 1)
    if (all(vapply(x, function(e) is.atomic(e) && length(e) == 1, logical(1)))) {
      return(paste0("[", paste(parts, collapse = ", "), "]"))
    }
    return(paste0("[\n", paste0(pad1, parts, collapse = ",\n"), "\n", pad, "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return("{}")
    nm <- names(x)
    parts <- vapply(seq_along(x), function(i) {
      paste0(pad1, json_str(nm[i]), ": ", to_json(x[[i]], indent + 1))
    }, character(1))
    return(paste0("{\n", paste(parts, collapse = ",\n"), "\n", pad, "}"))
  }
  if (length(x) != 1) return(to_json(jarray(x), indent))
  if (is.character(x)) return(if (is.na(x)) "null" else json_str(x))
  if (is.logical(x)) return(if (is.na(x)) "null" else if (x) "true" else "false")
  json_num(x)
}

# ---------------------------------------------------------------- statistics
feldt_ci <- function(a, n, k) {
  df1 <- n - 1
  df2 <- (n - 1) * (k - 1)
  c(1 - (1 - a) * qf(0.975, df1, df2), 1 - (1 - a) * qf(0.025, df1, df2))
}

reliability <- function(d) {
  # d: data frame of the (reverse-keyed) items of one scale
  cc <- na.omit(d)
  k <- ncol(cc)
  n <- nrow(cc)
  a <- suppressWarnings(psych::alpha(as.data.frame(cc), check.keys = FALSE, warnings = FALSE))
  raw <- a$total$raw_alpha
  ci <- feldt_ci(raw, n, k)
  # cross-check the formula against psych's own Feldt interval
  pci <- psych::alpha.ci(raw, n, k)
  stopifnot(isTRUE(all.equal(ci, c(pci$lower.ci, pci$upper.ci), tolerance = 1e-12)))
  items <- list()
  for (j in seq_len(k)) {
    nmj <- colnames(cc)[j]
    rest <- rowSums(cc[, -j, drop = FALSE])
    items[[nmj]] <- list(
      corrected_item_total_r = a$item.stats[nmj, "r.drop"],
      alpha_if_deleted = a$alpha.drop[nmj, "raw_alpha"],
      scale_mean_if_deleted = mean(rest),
      scale_variance_if_deleted = var(rest)
    )
  }
  list(
    n = as.integer(n),
    n_items = as.integer(k),
    alpha = raw,
    alpha_standardized = a$total$std.alpha,
    mean_inter_item_r = a$total$average_r,
    alpha_ci95 = jarray(ci),
    items = items
  )
}

item_stats <- function(x) {
  v <- x[!is.na(x)]
  list(n = length(v), mean = mean(v), sd = sd(v), min = as.numeric(min(v)), max = as.numeric(max(v)))
}

freq_table <- function(x) {
  total <- length(x)
  miss <- sum(is.na(x))
  v <- x[!is.na(x)]
  vals <- if (is.numeric(v)) sort(unique(v)) else sort(unique(v), method = "radix")
  rows <- list()
  cum <- 0
  for (val in vals) {
    f <- sum(v == val)
    cum <- cum + f
    rows[[length(rows) + 1]] <- list(
      value = if (is.numeric(val) && val == round(val)) as.integer(val) else val,
      frequency = as.integer(f),
      percent = 100 * f / total,
      valid_percent = 100 * f / length(v),
      cumulative_percent = 100 * cum / length(v)
    )
  }
  list(rows = jarray(rows), missing = as.integer(miss), total = as.integer(total))
}

ttest_block <- function(t) {
  list(
    t = unname(t$statistic),
    df = unname(t$parameter),
    p = t$p.value,
    mean_difference = unname(t$estimate[1] - t$estimate[2]),
    se_difference = t$stderr,
    ci95 = jarray(as.numeric(t$conf.int)),
    t_critical = qt(0.975, unname(t$parameter))
  )
}

ttest <- function(score, g, levels, scale, kind, group) {
  keep <- !is.na(score) & !is.na(g) & g %in% unlist(levels)
  s <- score[keep]
  gg <- g[keep]
  x1 <- s[gg == levels[[1]]]
  x2 <- s[gg == levels[[2]]]
  n1 <- length(x1); n2 <- length(x2)
  groups <- jarray(list(
    list(level = levels[[1]], n = n1, mean = mean(x1), sd = sd(x1), se = sd(x1) / sqrt(n1)),
    list(level = levels[[2]], n = n2, mean = mean(x2), sd = sd(x2), se = sd(x2) / sqrt(n2))
  ))
  f <- factor(as.character(gg), levels = as.character(unlist(levels)))
  lev <- car::leveneTest(s ~ f, center = mean)
  levene <- list(F = lev[1, "F value"], df1 = as.integer(lev[1, "Df"]),
                 df2 = as.integer(lev[2, "Df"]), p = lev[1, "Pr(>F)"])
  st <- t.test(x1, x2, var.equal = TRUE)
  we <- t.test(x1, x2, var.equal = FALSE)
  sp <- sqrt(((n1 - 1) * var(x1) + (n2 - 1) * var(x2)) / (n1 + n2 - 2))
  d <- (mean(x1) - mean(x2)) / sp
  list(
    scale = scale, score = kind, group = group, levels = jarray(levels),
    groups = groups,
    levene = levene,
    student = ttest_block(st),
    welch = ttest_block(we),
    cohen_d = d,
    hedges_g = d * (1 - 3 / (4 * (n1 + n2) - 9))
  )
}

# ---------------------------------------------------------------- main loop
manifest <- read_manifest(file.path(ds_dir, "manifest.json"))

for (name in names(manifest$datasets)) {
  m <- manifest$datasets[[name]]
  file <- if (!is.null(m$codes_file)) m$codes_file else m$file
  df <- read.csv(file.path(ds_dir, file), na.strings = c(""), stringsAsFactors = FALSE,
                 check.names = FALSE, strip.white = FALSE)
  P <- m$scale_points
  rev_items <- unlist(m$reverse)
  answered <- df
  for (it in rev_items) df[[it]] <- P + 1 - df[[it]]

  all_items <- unlist(m$scales, use.names = FALSE)
  out <- list(dataset = name)

  rel <- list()
  for (sc in names(m$scales)) rel[[sc]] <- reliability(df[, unlist(m$scales[[sc]]), drop = FALSE])
  out$reliability <- rel

  ist <- list()
  for (it in all_items) ist[[it]] <- item_stats(df[[it]])
  out$item_statistics <- ist

  fr <- list()
  for (it in all_items) fr[[it]] <- freq_table(answered[[it]])
  if (!is.null(m$group)) fr[[m$group$column]] <- freq_table(answered[[m$group$column]])
  for (cc in unlist(m$categorical)) fr[[cc]] <- freq_table(answered[[cc]])
  out$frequencies <- fr

  tts <- list()
  if (!is.null(m$group)) {
    gcol <- m$group$column
    levels <- m$group$levels
    g <- df[[gcol]]
    for (sc in names(m$scales)) {
      items <- unlist(m$scales[[sc]])
      sums <- rowSums(df[, items, drop = FALSE])  # NA unless all items present
      tts[[length(tts) + 1]] <- ttest(sums, g, levels, sc, "sum", gcol)
      tts[[length(tts) + 1]] <- ttest(sums / length(items), g, levels, sc, "mean", gcol)
    }
  }
  out$ttests <- jarray(tts)

  writeLines(to_json(out), file.path(out_dir, paste0(name, ".json")))
  cat("wrote", file.path(out_dir, paste0(name, ".json")), "\n")
}

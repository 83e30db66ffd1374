using Microsoft.Extensions.Options;

namespace Il6Bot.Content;

/// <summary>
/// Loads the content folder when it is first resolved (host start resolves it as a hosted service, so bad
/// content stops start-up with the <see cref="ContentException"/>), then watches the folder and swaps in a
/// new snapshot after each edit settles. A rejected edit keeps the last good snapshot.
/// </summary>
public sealed partial class ContentStore : IContentStore, IHostedService, IDisposable
{
    /// <summary>Editors save in bursts (truncate, write, rename); one reload after the burst is enough.</summary>
    internal static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(200);

    // A file still being written can be locked or half-read; a few quiet retries ride that out.
    private const int MaxIoRetries = 5;

    private readonly string _folder;
    private readonly string _displayFolder;
    private readonly IReadOnlyList<IContentPreparer> _preparers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile ContentSnapshot? _current;
    private FileSystemWatcher? _watcher;
    private ITimer? _debounce;
    private int _ioRetries;
    private bool _disposed;

    public ContentStore(
        IOptions<ContentOptions> options,
        IHostEnvironment environment,
        IEnumerable<IContentPreparer> preparers,
        TimeProvider time,
        ILogger<ContentStore> logger)
        : this(
            Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.Path)),
            options.Value.Path,
            preparers,
            time,
            logger)
    {
    }

    internal ContentStore(
        string folder,
        string displayFolder,
        IEnumerable<IContentPreparer> preparers,
        TimeProvider time,
        ILogger logger)
    {
        _folder = folder;
        _displayFolder = displayFolder;
        _preparers = [.. preparers];
        _time = time;
        _logger = logger;
        try
        {
            _current = LoadAndPrepare();
        }
        catch (ContentException e)
        {
            LogLoadFailed(_logger, e.Message);
            throw;
        }

        LogLoaded(_current);
    }

    public ContentSnapshot? Current => _current;

    public event Action<ContentSnapshot>? Changed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_watcher is not null)
            {
                return Task.CompletedTask;
            }

            _watcher = new FileSystemWatcher(_folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.Error += OnWatcherError;
            _watcher.EnableRaisingEvents = true;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopWatching();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        StopWatching();
    }

    private void StopWatching()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
            _debounce?.Dispose();
            _debounce = null;
        }
    }

    private ContentSnapshot LoadAndPrepare()
    {
        var snapshot = ContentLoader.Load(_folder, _displayFolder, _time.GetUtcNow());

        // Prepared forms are attached before the snapshot is published, so a request never sees a snapshot
        // whose platform renderings are missing.
        foreach (var preparer in _preparers)
        {
            snapshot.AddPrepared(preparer.Prepare(snapshot));
        }

        return snapshot;
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        lock (_gate)
        {
            _ioRetries = 0;
            ScheduleReload();
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // An overflowed event queue means edits were missed; reloading covers them.
        LogWatcherError(_logger, e.GetException());
        lock (_gate)
        {
            ScheduleReload();
        }
    }

    // Caller holds _gate.
    private void ScheduleReload()
    {
        if (_disposed || _watcher is null)
        {
            return;
        }

        if (_debounce is null)
        {
            _debounce = _time.CreateTimer(_ => Reload(), null, ReloadDelay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _debounce.Change(ReloadDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Reload()
    {
        ContentSnapshot snapshot;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                snapshot = LoadAndPrepare();
                _current = snapshot;
                _ioRetries = 0;
            }
            catch (ContentException e)
            {
                LogReloadRejected(_logger, e.Message);
                return;
            }
            catch (IOException e) when (_ioRetries < MaxIoRetries)
            {
                _ioRetries++;
                LogReloadRetry(_logger, e.Message);
                ScheduleReload();
                return;
            }
            catch (Exception e)
            {
                LogReloadFailed(_logger, e);
                return;
            }
        }

        LogLoaded(snapshot);
        RaiseChanged(snapshot);
    }

    private void RaiseChanged(ContentSnapshot snapshot)
    {
        foreach (var handler in Changed?.GetInvocationList().Cast<Action<ContentSnapshot>>() ?? [])
        {
            try
            {
                handler(snapshot);
            }
            catch (Exception e)
            {
                // One subscriber's failure must not hide the new content from the others.
                LogSubscriberFailed(_logger, e);
            }
        }
    }

    private void LogLoaded(ContentSnapshot snapshot)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var sections = snapshot.AllSections.Count();
            LogLoaded(_logger, sections, snapshot.Nudges.Count, _folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content loaded: {Sections} sections, {Nudges} nudges from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int sections, int nudges, string folder);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Content could not be loaded: {Error}")]
    private static partial void LogLoadFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content edit rejected, keeping the last good content: {Error}")]
    private static partial void LogReloadRejected(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Content file busy, retrying the reload: {Error}")]
    private static partial void LogReloadRetry(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Content reload failed, keeping the last good content")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content watcher error; reloading to catch up")]
    private static partial void LogWatcherError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A content change subscriber failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
